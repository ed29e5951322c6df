import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { chunkAnswer, chunkHashSchema } from "@tremplin/domain/device";
import { isAppError } from "@tremplin/domain/errors";
import { isSignatureError } from "@tremplin/image-format/errors";
import { segmentSchema } from "@tremplin/image-format/master-info";
import type { Logger } from "pino";
import type { RelayChunks } from "./relay-chunks";

const statusByCode: Record<string, number> = {
  invalid_input: 400,
  not_found: 404,
  forbidden: 502,
  unauthenticated: 502,
  unavailable: 503,
};

/**
 * The relay's HTTP face: the portal's two master routes, same answers and cache headers
 * (`chunkAnswer`), for the site's posts. No token is asked of posts: what it serves is what any
 * post of the site may read, and posts verify everything against the publishers' keys anyway
 * (decision 020). Upstream problems answer 502/503 so a post falls back or retries later.
 */
export function createRelayServer(chunks: RelayChunks, log: Logger): Server {
  return createServer(relayHandler(chunks, log));
}

/** The request handler alone, for a server that also answers other routes (tests' stand-in portal). */
export function relayHandler(chunks: RelayChunks, log: Logger) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(chunks, req, res).catch((error: unknown) => {
      const status = isAppError(error) ? (statusByCode[error.code] ?? 500) : 500;
      if (status === 500) log.error({ err: error, url: req.url }, "relay request failed");
      else log.info({ url: req.url, status, err: (error as Error).message }, "relay request refused");
      if (isSignatureError(error)) log.error({ url: req.url, err: error.message }, "manifest refused");
      send(res, status, {
        error: { code: isAppError(error) ? error.code : "internal", message: (error as Error).message },
      });
    });
  };
}

async function handle(chunks: RelayChunks, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    send(
      res,
      405,
      { error: { code: "invalid_input", message: "GET ou HEAD seulement" } },
      { allow: "GET, HEAD" },
    );
    return;
  }
  const url = new URL(req.url ?? "/", "http://relay.invalid");
  const chunk = /^\/api\/v1\/chunks\/([^/]+)$/.exec(url.pathname);
  if (chunk) {
    const hash = chunkHashSchema.safeParse(chunk[1]);
    if (!hash.success) {
      send(res, 400, { error: { code: "invalid_input", message: hash.error.issues[0]?.message } });
      return;
    }
    const bytes = await chunks.chunk(hash.data);
    const answer = chunkAnswer(hash.data, bytes.length, {
      range: header(req, "range"),
      ifNoneMatch: header(req, "if-none-match"),
    });
    res.writeHead(answer.status, answer.headers);
    res.end(
      req.method === "HEAD" || !answer.body ? undefined : bytes.subarray(answer.body.start, answer.body.end),
    );
    return;
  }
  const manifest = /^\/api\/v1\/masters\/([^/]+)\/([^/]+)\/manifest$/.exec(url.pathname);
  if (manifest) {
    const name = segmentSchema.safeParse(decodeURIComponent(manifest[1] as string));
    const version = segmentSchema.safeParse(decodeURIComponent(manifest[2] as string));
    if (!name.success || !version.success) {
      send(res, 400, { error: { code: "invalid_input", message: "nom ou version de master invalide" } });
      return;
    }
    const envelope = await chunks.manifest(name.data, version.data);
    send(res, 200, envelope, { "cache-control": "public, max-age=300" });
    return;
  }
  if (url.pathname === "/healthz") {
    send(res, 200, { ok: true });
    return;
  }
  send(res, 404, { error: { code: "not_found", message: `Route inconnue : ${url.pathname}` } });
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" ? value : null;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Listens and resolves with the base URL (port 0 picks a free one). */
export async function listen(server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${shown}:${address.port}`;
}
