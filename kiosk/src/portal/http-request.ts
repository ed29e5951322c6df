import { request as httpRequestRaw, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequestRaw } from "node:https";

export type HttpResponse = { status: number; headers: IncomingHttpHeaders; body: string };

const maxBodyBytes = 4 * 1024 * 1024;

/**
 * One HTTP(S) exchange with node:http. Not `fetch`: undici and its WebAssembly parser cost the
 * agent ~15 MB of resident memory, a fifth of its budget on a NUC (bench/kiosk-footprint.ts).
 * Rejects on network failure, on `timeoutMs` (error name `TimeoutError`) and on a body over 4 MiB.
 */
export function httpRequest(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number },
): Promise<HttpResponse> {
  const send = url.protocol === "https:" ? httpsRequestRaw : httpRequestRaw;
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers };
    if (init.body !== undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
    const req = send(url, { method: init.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) req.destroy(new Error(`réponse de plus de ${maxBodyBytes} octets`));
        else chunks.push(chunk);
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      res.on("error", reject);
    });
    req.setTimeout(init.timeoutMs, () => {
      const error = new Error(`pas de réponse en ${init.timeoutMs} ms`);
      error.name = "TimeoutError";
      req.destroy(error);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}
