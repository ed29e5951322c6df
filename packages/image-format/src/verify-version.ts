import { isAppError } from "@tremplin/domain/errors";
import { DiskHasher } from "./disk-hasher";
import { extentsOf, type Manifest } from "./manifest";
import type { TrustedKeys } from "./sign";
import type { ChunkStore } from "./store";

export type VerifyProblem = { sha256: string; offset: number; problem: string };

export type VerifyReport = {
  manifest: Manifest;
  /** Distinct chunks read and checked. */
  checkedChunks: number;
  /** Missing or damaged chunks: empty when the version is whole. */
  problems: VerifyProblem[];
  /** Whether the chunks and holes rebuild the disk the manifest's SHA-256 names (false when chunks are missing). */
  isDiskHashValid: boolean;
};

/**
 * Checks a stored version end to end: the manifest's signature against the configured keys
 * (throws `SignatureError`), every chunk's bytes against its name, and the SHA-256 of the
 * whole disk those chunks and holes rebuild. Chunk problems are collected, not thrown, so one
 * run lists every damaged chunk.
 */
export async function verifyVersion(options: {
  store: ChunkStore;
  name: string;
  version: string;
  trusted: TrustedKeys;
  onProgress?: (done: number, total: number) => void;
}): Promise<VerifyReport> {
  const manifest = await options.store.readManifest(options.name, options.version, options.trusted);
  const problems: VerifyProblem[] = [];
  const checked = new Set<string>();
  const hasher = new DiskHasher();
  let done = 0;
  try {
    for (const extent of extentsOf(manifest)) {
      if (extent.kind === "hole") await hasher.updateZeros(extent.length);
      else {
        try {
          const data = await options.store.readChunk(extent.sha256, extent.length);
          if (data.length !== extent.length)
            throw new Error(`longueur ${data.length} au lieu de ${extent.length}`);
          checked.add(extent.sha256);
          if (problems.length === 0) await hasher.update(data);
        } catch (error) {
          if (!isAppError(error) && !(error instanceof Error)) throw error;
          problems.push({ sha256: extent.sha256, offset: extent.offset, problem: (error as Error).message });
        }
      }
      done += extent.length;
      options.onProgress?.(done, manifest.virtualSize);
    }
  } catch (error) {
    await hasher.abort();
    throw error;
  }
  const digest = await hasher.finish();
  return {
    manifest,
    checkedChunks: checked.size,
    problems,
    isDiskHashValid: problems.length === 0 && digest === manifest.sha256,
  };
}
