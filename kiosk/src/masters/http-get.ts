import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

export type BytesResponse = { status: number; headers: IncomingHttpHeaders; body: Buffer };

export type GetOptions = {
  headers: Record<string, string>;
  timeoutMs: number;
  /** A body past this is cut off and the request rejected: a relay serving garbage cannot fill memory. */
  maxBytes: number;
  /** Called as bytes arrive; a promise pauses the download until it settles (bandwidth cap). */
  onBytes?: (count: number) => Promise<void> | undefined;
  signal?: AbortSignal;
};

/**
 * One binary GET with node:http (the agent avoids undici's memory cost, see http-request.ts).
 * Rejects on network failure, timeout (error name `TimeoutError`), abort, or a body over
 * `maxBytes`; any status resolves.
 */
export function httpGetBytes(url: URL, options: GetOptions): Promise<BytesResponse> {
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: "GET", headers: options.headers, signal: options.signal }, (res) => {
      const parts: Buffer[] = [];
      let size = 0;
      res.on("data", (part: Buffer) => {
        size += part.length;
        if (size > options.maxBytes) {
          req.destroy(new Error(`réponse de plus de ${options.maxBytes} octets de ${url.origin}`));
          return;
        }
        parts.push(part);
        const wait = options.onBytes?.(part.length);
        if (wait) {
          res.pause();
          wait.then(
            () => res.resume(),
            (error: unknown) => req.destroy(error as Error),
          );
        }
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }),
      );
      res.on("error", reject);
    });
    req.setTimeout(options.timeoutMs, () => {
      const error = new Error(`pas de réponse de ${url.origin} en ${options.timeoutMs} ms`);
      error.name = "TimeoutError";
      req.destroy(error);
    });
    req.on("error", reject);
    req.end();
  });
}
