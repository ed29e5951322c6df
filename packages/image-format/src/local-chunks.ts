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
export type LocalChunks = { get(sha256: string, length: number): Promise<Buffer | undefined> };

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
  return chunksAt(file, where);
}

/** Chunks at known offsets of a raw file (also: chunks already written earlier in an assembly). */
export function chunksAt(
  file: string,
  where: ReadonlyMap<string, number>,
): LocalChunks & { close(): Promise<void> } {
  let handle: ReturnType<typeof open> | undefined;
  return {
    async get(sha256, length) {
      const offset = where.get(sha256);
      if (offset === undefined) return undefined;
      handle ??= open(file, "r");
      const data = Buffer.allocUnsafe(length);
      const { bytesRead } = await (await handle).read(data, 0, length, offset);
      if (bytesRead !== length || sha256Of(data) !== sha256) return undefined;
      return data;
    },
    async close() {
      if (handle) await (await handle).close();
    },
  };
}
