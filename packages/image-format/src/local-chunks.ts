import { open } from "node:fs/promises";
import { isAppError } from "@tremplin/domain/errors";
import { sha256Of } from "./digest";
import type { Manifest } from "./manifest";
import type { ChunkStore } from "./store";

/**
 * Where a client may already hold a chunk: a store folder, or the raw disk of a version it
 * has (the chunk's bytes sit at the offset that version's manifest gives). `get` returns the
 * bytes only when they match the hash: a damaged local copy is simply not used.
 */
export type LocalChunks = {
  get(sha256: string, length: number): Promise<Buffer | undefined>;
  /**
   * Where the chunk sits in a raw disk assembled and checked earlier, for a source that is one:
   * an assembly copies runs of such chunks in large reads without hashing each chunk, and lets
   * the whole-disk hash check them (assemble-disk.ts says why that is safe).
   */
  locate?(sha256: string): { file: string; offset: number } | undefined;
};

export function chunksFromStore(store: ChunkStore): LocalChunks {
  return {
    async get(sha256, length) {
      try {
        return await store.readChunk(sha256, length);
      } catch (error) {
        if (isAppError(error) && (error.code === "not_found" || error.code === "conflict")) return undefined;
        throw error;
      }
    },
  };
}

/** Chunks of `manifest` read from its assembled raw disk `file`. */
export function chunksFromDisk(
  manifest: Pick<Manifest, "chunks">,
  file: string,
): LocalChunks & { close(): Promise<void> } {
  const where = new Map<string, number>();
  for (const [offset, , sha256] of manifest.chunks) if (!where.has(sha256)) where.set(sha256, offset);
  const locate = (sha256: string) => {
    const offset = where.get(sha256);
    return offset === undefined ? undefined : { file, offset };
  };
  return { ...chunksAt(file, where), locate };
}

/**
 * Chunks at known offsets of a raw file. Reads go through a window (4 MiB by default): an
 * assembly asks for the chunks of unchanged runs in disk order, so one read serves hundreds of
 * them instead of one thread-pool trip each. `windowBytes: 0` reads each chunk on its own (for a
 * file still being written, where a window could hold bytes written since).
 */
export function chunksAt(
  file: string,
  where: ReadonlyMap<string, number>,
  windowBytes = 4 << 20,
): LocalChunks & { close(): Promise<void> } {
  let handle: ReturnType<typeof open> | undefined;
  const window = Buffer.allocUnsafe(windowBytes);
  let windowStart = 0;
  let windowLength = 0;
  const read = async (offset: number, length: number): Promise<Buffer | undefined> => {
    handle ??= open(file, "r");
    if (length > window.length) {
      const data = Buffer.allocUnsafe(length);
      const { bytesRead } = await (await handle).read(data, 0, length, offset);
      return bytesRead === length ? data : undefined;
    }
    if (offset < windowStart || offset + length > windowStart + windowLength) {
      windowStart = offset;
      windowLength = (await (await handle).read(window, 0, window.length, offset)).bytesRead;
      if (windowLength < length) return undefined;
    }
    return Buffer.from(window.subarray(offset - windowStart, offset - windowStart + length));
  };
  // One read at a time: an assembly asks several chunks ahead, and they share the window.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    get(sha256, length) {
      const offset = where.get(sha256);
      if (offset === undefined) return Promise.resolve(undefined);
      const data = queue.then(() => read(offset, length));
      queue = data.catch(() => undefined);
      return data.then((d) => (d && sha256Of(d) === sha256 ? d : undefined));
    },
    async close() {
      if (handle) await (await handle).close();
    },
  };
}
