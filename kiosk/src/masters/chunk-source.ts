import { deviceAuthorization, masterApiPaths } from "@tremplin/domain/device";
import { AppError } from "@tremplin/domain/errors";
import { httpGetBytes } from "./http-get";

/** The largest chunk or index part a manifest may name (fastcdc.ts's bound), compressed or not. */
export const maxChunkBytes = 16 * 1024 * 1024 + 1024;
const maxManifestBytes = 1024 * 1024;

/**
 * Where masters come from: the portal, the site's relay, or any HTTP cache in front of either
 * (same routes, docs/masters-distribution.md). What it returns is unverified: callers check
 * the manifest's signature and every chunk's hash.
 */
export type ChunkSource = {
  readonly label: string;
  /** The signed manifest envelope as JSON. Throws `not_found` when the version is unknown there. */
  getManifest(name: string, version: string): Promise<unknown>;
  /** A chunk's stored (zstd) bytes. Throws `not_found` when absent there. */
  getChunk(sha256: string): Promise<Buffer>;
};

export type HttpSourceOptions = {
  baseUrl: string;
  token?: string;
  timeoutMs?: number;
  /** Counts (and may pace: bandwidth cap) every body byte received. */
  onBytes?: (count: number) => Promise<void> | undefined;
  signal?: AbortSignal;
};

export function httpChunkSource(options: HttpSourceOptions): ChunkSource {
  const base = new URL(options.baseUrl);
  const headers: Record<string, string> = options.token
    ? { authorization: deviceAuthorization(options.token) }
    : {};
  const get = async (path: string, maxBytes: number) => {
    const url = new URL(path, base);
    let response: Awaited<ReturnType<typeof httpGetBytes>>;
    try {
      response = await httpGetBytes(url, {
        headers,
        timeoutMs: options.timeoutMs ?? 60_000,
        maxBytes,
        onBytes: options.onBytes,
        signal: options.signal,
      });
    } catch (cause) {
      throw new AppError("unavailable", `${base.origin} injoignable : ${(cause as Error).message}`, {
        cause,
      });
    }
    if (response.status === 200) return response.body;
    const message = `${url.pathname} : ${base.origin} répond ${response.status} ${response.body.toString("utf8").slice(0, 200)}`;
    if (response.status === 404) throw new AppError("not_found", message);
    if (response.status === 401 || response.status === 403) throw new AppError("unauthenticated", message);
    throw new AppError("unavailable", message);
  };
  return {
    label: base.origin,
    async getManifest(name, version) {
      const body = await get(masterApiPaths.manifest(name, version), maxManifestBytes);
      try {
        return JSON.parse(body.toString("utf8"));
      } catch (cause) {
        throw new AppError("invalid_input", `Manifeste illisible (JSON) venu de ${base.origin}`, { cause });
      }
    },
    getChunk: (sha256) => get(masterApiPaths.chunk(sha256), maxChunkBytes),
  };
}
