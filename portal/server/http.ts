import "server-only";
import { randomUUID } from "node:crypto";
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { isDataException } from "@tremplin/db/errors";
import { AppError, type AppErrorCode, isAppError, zodIssues } from "@tremplin/domain/errors";
import { ZodError } from "zod";
import { env } from "@/env";
import { databaseUnavailable, isConnectionFailure } from "@/server/database-errors";
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
  payload_too_large: 413,
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
        refuseCrossOrigin(request);
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

const stateChanging = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Refuses a state-changing request that a browser sent from another origin: a page on another
 * port or subdomain (same-site, so SameSite cookies still ride along) or another site posting
 * text/plain with `no-cors`. Browsers label every request with `Sec-Fetch-Site` and send
 * `Origin` on every POST; a request with neither comes from no browser (a kiosk, a relay, a
 * CLI), and those authenticate with a bearer token, not a cookie.
 */
function refuseCrossOrigin(request: Request): void {
  if (!stateChanging.has(request.method)) return;
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const isSameSite = site === null || site === "same-origin" || site === "none";
  if (isSameSite && (origin === null || ownOrigins(request).includes(origin))) return;
  throw new AppError("forbidden", "Requête refusée : elle ne vient pas d'une page du portail.", {
    details: { origin, secFetchSite: site },
  });
}

/** The portal's public origin (NEXTAUTH_URL), and the one this request was addressed to. */
function ownOrigins(request: Request): string[] {
  const configured = env().NEXTAUTH_URL;
  return [new URL(request.url).origin, ...(configured ? [new URL(configured).origin] : [])];
}

export function errorResponse(error: unknown, requestId: string, logger: typeof log): Response {
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
  // The database's own refusals: logged in full, answered without the statement, its values or a
  // stack (a driver's message quotes the SQL).
  if (isConnectionFailure(error)) return errorResponse(databaseUnavailable(error), requestId, logger);
  if (isDataException(error)) {
    logger.warn({ err: error }, "value refused by the database");
    const message =
      "Une valeur envoyée ne peut pas être enregistrée (caractère, nombre ou date hors limites).";
    return json(400, { error: { code: "invalid_input", message, issues: [] } });
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

const tooLarge = (maxBytes: number) =>
  new AppError("payload_too_large", `Corps de requête trop volumineux (maximum ${maxBytes} octets)`);

/**
 * The request's body, refusing it as soon as it passes `maxBytes`: the declared length is checked
 * first, then every chunk as it arrives, so a chunked body that never ends costs at most
 * `maxBytes` of memory, never what the client chose to send.
 */
export async function readBody(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

type JsonOptions = {
  /**
   * Also accept `text/plain`: for `navigator.sendBeacon`, the one way a page that unloads can
   * still send its data, which cannot set a JSON content type. Such a route relies on route()'s
   * origin check alone against cross-site posts.
   */
  allowTextPlain?: boolean;
};

/**
 * Reads a JSON body: `application/json` only (a cross-site form or `no-cors` fetch can only send
 * text/plain, form-urlencoded or multipart), at most `maxBytes`, and no text holding a NUL byte,
 * which PostgreSQL cannot store: the field is named in the 400.
 */
export async function readJson(
  request: Request,
  maxBytes = 1_000_000,
  options: JsonOptions = {},
): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const accepted = type === "application/json" || (options.allowTextPlain && type === "text/plain");
  if (!accepted) {
    throw new AppError("invalid_input", "Envoyez le corps en JSON (content-type: application/json).", {
      issues: [{ path: "content-type", message: `attendu : application/json, reçu : ${type || "aucun"}` }],
    });
  }
  const text = (await readBody(request, maxBytes)).toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ZodError([
      { code: "custom", path: [], message: "le corps n'est pas du JSON valide", input: text },
    ]);
  }
  const nul = findNulText(value, []);
  if (nul) {
    throw new ZodError([{ code: "custom", path: nul, message: "caractère NUL interdit", input: text }]);
  }
  return value;
}

/** Reads a multipart or url-encoded form of at most `maxBytes` (see readBody). */
export async function readForm(request: Request, maxBytes: number): Promise<FormData> {
  const bytes = await readBody(request, maxBytes);
  const type = request.headers.get("content-type") ?? "";
  return new Response(new Uint8Array(bytes), { headers: { "content-type": type } }).formData().catch(() => {
    throw new AppError("invalid_input", "Envoyez un formulaire (multipart/form-data).", {
      issues: [{ path: "content-type", message: `formulaire attendu, reçu : ${type || "aucun"}` }],
    });
  });
}

/** The path of the first string (value or key) holding a NUL byte, or undefined. */
function findNulText(value: unknown, path: (string | number)[]): (string | number)[] | undefined {
  if (typeof value === "string") return value.includes("\0") ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findNulText(item, [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes("\0")) return [...path, key];
      const found = findNulText(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
