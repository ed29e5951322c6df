import { open, rename, rm } from "node:fs/promises";
import { planSteps, RunReader, StagedWriter, type Step } from "./assembly-steps";
import { sha256Of } from "./digest";
import { DiskHasher } from "./disk-hasher";
import { IntegrityError } from "./errors";
import { chunksAt, type LocalChunks } from "./local-chunks";
import { type Extent, extentsOf, type Manifest } from "./manifest";
import { convertDisk } from "./qemu-img";
import { checkChunk } from "./store";

/** Fetches a chunk's stored (zstd) bytes from a relay or the portal. */
export type FetchChunk = (sha256: string, compressedLength: number) => Promise<Uint8Array>;

export type AssembleOptions = {
  /** The disk to write; it appears only once complete and checked. */
  out: string;
  format: "raw" | "qcow2";
  /** Tried in order before fetching: older versions on disk, a local store. */
  localChunks?: LocalChunks[];
  fetchChunk: FetchChunk;
  /** Chunks acquired ahead of the one being written: overlaps fetching with hashing. */
  lookahead?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Hash every chunk read from an older raw disk before using it, instead of letting the
   * whole-disk hash check the runs copied from it. Default false: a mismatch at the end makes
   * a second pass with this set, so a damaged local copy costs time, never correctness.
   */
  verifyLocalChunks?: boolean;
};

export type AssembleReport = {
  localChunks: number;
  fetchedChunks: number;
  fetchedBytes: number;
  /** Of `localChunks`, those copied in runs from an older raw disk without a hash each. */
  copiedChunks?: number;
  /** The whole-disk hash refused a first pass that trusted copied runs; a second pass checked every chunk. */
  recheckedLocalChunks?: boolean;
};

/**
 * Rebuilds a master's disk from its (already verified: sign.ts) manifest, beside any older
 * version: each chunk from a local source when one holds it, else fetched; every fetched chunk
 * checked against its hash (a corrupt fetch is fetched once more, then refused), then the whole
 * disk against the manifest's SHA-256. Written to `<out>.partial`, then renamed: a failure or a
 * crash never leaves a file under `out`. Holes stay sparse.
 *
 * Chunks an older raw disk holds in the same order (`LocalChunks.locate`) are copied in 1 MiB
 * runs, not hashed one by one: that disk was checked whole when it was assembled, each chunk's
 * name is its hash, and the whole-disk hash below covers every byte copied — a chunk damaged on
 * the post since then cannot slip through, it only costs a second pass that checks every local
 * chunk (and fetches the damaged ones). Someone able to write the post's disk owns the post
 * anyway. Fetched chunks, which cross the network, are always checked one by one.
 */
export async function assembleDisk(manifest: Manifest, options: AssembleOptions): Promise<AssembleReport> {
  const trusting = options.verifyLocalChunks ? undefined : await assembleOnce(manifest, options, true);
  if (trusting) return trusting;
  const checked = await assembleOnce(manifest, options, false);
  if (!checked) throw new Error("unreachable: a checked pass throws on a mismatch");
  return options.verifyLocalChunks ? checked : { ...checked, recheckedLocalChunks: true };
}

/** One pass; undefined when copied runs were trusted and the whole disk came out wrong. */
async function assembleOnce(
  manifest: Manifest,
  options: AssembleOptions,
  trustCopies: boolean,
): Promise<AssembleReport | undefined> {
  const raw = `${options.out}.partial`;
  const report: AssembleReport = { localChunks: 0, fetchedChunks: 0, fetchedBytes: 0, copiedChunks: 0 };
  const written = new Map<string, number>();
  const ownChunks = chunksAt(raw, written, 0);
  const sources = [ownChunks, ...(options.localChunks ?? [])];
  const runs = new RunReader((file) => open(file, "r"));
  const hasher = new DiskHasher();
  const handle = await open(raw, "w");
  let ok = false;
  try {
    const steps = planSteps(extentsOf(manifest), sources, trustCopies);
    const acquire = (step: Step) => {
      const bytes =
        step.kind === "hole"
          ? undefined
          : step.kind === "copy"
            ? runs.read(step)
            : bytesOf(step.extent, sources, options, report);
      // Awaited in order below; a failure ahead of that point must not surface as unhandled.
      bytes?.catch(() => undefined);
      return bytes;
    };
    const lookahead = options.lookahead ?? 8;
    const queue = steps.slice(0, lookahead).map(acquire);
    const writer = new StagedWriter(handle, written);
    let done = 0;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as Step;
      const next = steps[i + lookahead];
      queue.push(next ? acquire(next) : undefined);
      const data = await queue[i];
      queue[i] = undefined;
      if (step.kind === "hole") {
        await hasher.updateZeros(step.length);
        done += step.length;
      } else if (step.kind === "copy") {
        // A disk shorter than it was: its zeros would fail the whole-disk hash anyway.
        if (!data || Buffer.isBuffer(data)) return undefined;
        await writer.writeRun(data.data, step.offset, step.chunks, data.release);
        await hasher.updateShared(data.data, data.release);
        report.localChunks += step.chunks.length;
        report.copiedChunks = (report.copiedChunks ?? 0) + step.chunks.length;
        done += step.length;
      } else if (Buffer.isBuffer(data)) {
        await writer.write(data, step.extent.offset, step.extent.sha256);
        await hasher.update(data);
        done += step.extent.length;
      }
      options.onProgress?.(done, manifest.virtualSize);
    }
    await writer.finish();
    // Sized last, not first: on ext4, writing into a file already extended to its full size
    // measured 2–3× slower than appending (8 MiB writes, 256 MiB). A trailing hole stays sparse.
    await handle.truncate(manifest.virtualSize);
    const actual = await hasher.finish();
    if (actual !== manifest.sha256) {
      if (trustCopies && report.copiedChunks) return undefined;
      throw new IntegrityError(
        `Disque assemblé de ${manifest.name} ${manifest.version}`,
        manifest.sha256,
        actual,
      );
    }
    // On disk before it gets its name: after a power cut the new name holds the whole disk or
    // does not exist.
    await handle.sync();
    await handle.close();
    if (options.format === "qcow2") {
      await convertDisk({ file: raw, from: "raw", out: `${options.out}.partial.qcow2`, to: "qcow2" });
      await syncFile(`${options.out}.partial.qcow2`);
      await rename(`${options.out}.partial.qcow2`, options.out);
      await rm(raw, { force: true });
    } else {
      await rename(raw, options.out);
    }
    ok = true;
    return report;
  } finally {
    await ownChunks.close();
    await runs.close();
    if (!ok) {
      await hasher.abort();
      await handle.close().catch(() => undefined);
      await rm(raw, { force: true });
      await rm(`${options.out}.partial.qcow2`, { force: true });
    }
  }
}

async function bytesOf(
  chunk: Extract<Extent, { kind: "chunk" }>,
  sources: LocalChunks[],
  options: AssembleOptions,
  report: AssembleReport,
): Promise<Buffer> {
  for (const source of sources) {
    const data = await source.get(chunk.sha256, chunk.length);
    if (data) {
      report.localChunks += 1;
      return data;
    }
  }
  // A chunk garbled on the way (or on the relay's disk) is asked for once more before failing.
  for (let attempt = 1; ; attempt++) {
    const compressed = await options.fetchChunk(chunk.sha256, chunk.compressedLength);
    report.fetchedChunks += 1;
    report.fetchedBytes += compressed.byteLength;
    try {
      const data = await checkChunk(chunk.sha256, compressed, chunk.length);
      if (data.length !== chunk.length)
        throw new IntegrityError(`Bloc ${chunk.sha256}`, chunk.sha256, sha256Of(data));
      return data;
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
