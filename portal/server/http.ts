import "server-only";
import { randomUUID } from "node:crypto";
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { type AppErrorCode, isAppError, zodIssues } from "@tremplin/domain/errors";
import { ZodError } from "zod";
import { log } from "./log";
import { metrics } from "./metrics";

/** The one place where a domain error code becomes an HTTP status. */
const statusByCode: Record<AppErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  config_invalid: 500,
};

export type RouteContext = { requestId: string; log: typeof log };

// A no-op until an OpenTelemetry SDK is registered (see instrumentation.ts).
const tracer = trace.getTracer("tremplin-portal");

/**
 * Wraps a route handler: a request id, a log line and metrics per request, and errors mapped
 * to `{ error: { code, message, issues } }`. An unexpected error is logged with its stack and
 * answered with a generic 500 that carries only the request id.
 */
export function route<Args extends unknown[]>(
  name: string,
  handler: (request: Request, context: RouteContext, ...args: Args) => Promise<Response>,
) {
  return async (request: Request, ...args: Args): Promise<Response> => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    const child = log.child({ requestId, route: name });
    const started = performance.now();
    const response = await tracer.startActiveSpan(`route ${name}`, async (span) => {
      span.setAttribute("tremplin.request_id", requestId);
      try {
        return await handler(request, { requestId, log: child }, ...args);
      } catch (error) {
        // The client hung up (tab closed, request cancelled) before its answer: reading its body
        // fails, and nobody is left to read an answer. Not an error of ours: logged as info, with
        // what was thrown, and answered 499 as nginx does.
        if (request.signal.aborted) {
          child.info({ err: error }, "client closed the request");
          return new Response(null, { status: 499 });
        }
        span.setStatus({ code: SpanStatusCode.ERROR });
        return errorResponse(error, requestId, child);
      } finally {
        span.end();
      }
    });
    const seconds = (performance.now() - started) / 1000;
    metrics.requests.inc({ route: name, method: request.method, status: String(response.status) });
    metrics.latency.observe({ route: name, method: request.method }, seconds);
    response.headers.set("x-request-id", requestId);
    return response;
  };
}

export function errorResponse(error: unknown, requestId: string, logger: typeof log): Response {
  if (error instanceof PayloadTooLarge) {
    return json(413, { error: { code: "payload_too_large", message: error.message, issues: [] } });
  }
  if (error instanceof ZodError) {
    const issues = zodIssues(error);
    return json(400, { error: { code: "invalid_input", message: "Requête invalide", issues } });
  }
  if (isAppError(error)) {
    const status = statusByCode[error.code];
    if (status >= 500) logger.error({ err: error }, error.message);
    else logger.info({ code: error.code }, error.message);
    return json(status, { error: { code: error.code, message: error.message, issues: error.issues } });
  }
  logger.error({ err: error }, "unexpected error");
  return json(500, {
    error: { code: "internal", message: `Erreur interne. Référence : ${requestId}`, issues: [] },
  });
}

export function json(status: number, body: unknown, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** Reads a JSON body, refusing anything over `maxBytes` before parsing it. */
export async function readJson(request: Request, maxBytes = 1_000_000): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new PayloadTooLarge(maxBytes);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new PayloadTooLarge(maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new ZodError([
      { code: "custom", path: [], message: "le corps n'est pas du JSON valide", input: text },
    ]);
  }
}

class PayloadTooLarge extends Error {
  constructor(maxBytes: number) {
    super(`Corps de requête trop volumineux (maximum ${maxBytes} octets)`);
  }
}
