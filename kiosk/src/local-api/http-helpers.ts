import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, type AppErrorCode, isAppError } from "@tremplin/domain/errors";
import type { Logger } from "pino";

/** The one place an error code becomes an HTTP status on the local API. */
const statusOf: Record<AppErrorCode, number> = {
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

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

export function sendText(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location });
  res.end();
}

/** Known errors answer with their code and French message; a bug answers a generic 500. */
export function sendError(res: ServerResponse, error: unknown, log: Logger): void {
  if (isAppError(error)) {
    sendJson(res, statusOf[error.code], {
      error: {
        code: error.code,
        message: error.message,
        issues: error.issues.length ? error.issues : undefined,
      },
    });
    return;
  }
  const requestId = randomUUID();
  log.error({ err: error, requestId }, "local API: unexpected error");
  sendJson(res, 500, {
    error: { code: "internal", message: `Erreur interne du poste (référence ${requestId}).` },
  });
}

const maxBody = 16 * 1024;

/** The request body as JSON or as a form (the page works without its script). */
export async function readBody(req: IncomingMessage): Promise<{ value: unknown; isForm: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBody) {
      throw new AppError("payload_too_large", `Corps de requête trop volumineux (maximum ${maxBody} octets)`);
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return { value: Object.fromEntries(new URLSearchParams(text)), isForm: true };
  }
  try {
    return { value: text === "" ? {} : JSON.parse(text), isForm: false };
  } catch {
    return { value: undefined, isForm: false };
  }
}

const pageHosts = (port: number) => [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];

/**
 * Loopback only, and only under a loopback name: a page elsewhere that rebinds its DNS name to
 * 127.0.0.1 sends its own Host header, and is refused. A browser's request from another page
 * (its Origin says which) is refused too.
 */
export function isLoopbackRequest(req: IncomingMessage, port: number): boolean {
  if (!pageHosts(port).includes(req.headers.host ?? "")) return false;
  return req.headers.origin === undefined || isPageOrigin(req, port);
}

/**
 * Sent by the kiosk's own page. Browsers always send Origin with a WebSocket handshake, and a
 * WebSocket is not bound by the same-origin policy: without this any page the browser shows
 * could open the VM's screen and keyboard.
 */
export function isPageOrigin(req: IncomingMessage, port: number): boolean {
  return pageHosts(port).some((h) => req.headers.origin === `http://${h}`);
}

/**
 * On every answer: no page may frame the login screen (clickjacking the login or logout form,
 * or a VM's screen shown inside someone else's page).
 */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader("content-security-policy", "frame-ancestors 'none'");
  res.setHeader("x-frame-options", "DENY");
}
