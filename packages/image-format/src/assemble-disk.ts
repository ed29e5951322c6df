import { type FileHandle, open, rename, rm } from "node:fs/promises";
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
};

export type AssembleReport = { localChunks: number; fetchedChunks: number; fetchedBytes: number };

/**
 * Rebuilds a master's disk from its (already verified: sign.ts) manifest, beside any older
 * version: each chunk from a local source when one holds it, else fetched; every chunk checked
 * against its hash (a corrupt fetch is fetched once more, then refused), then the whole disk
 * against the manifest's SHA-256. Written to `<out>.partial`, then renamed: a failure or a
 * crash never leaves a file under `out`. Holes stay sparse.
 */
export async function assembleDisk(manifest: Manifest, options: AssembleOptions): Promise<AssembleReport> {
  const raw = `${options.out}.partial`;
  const report: AssembleReport = { localChunks: 0, fetchedChunks: 0, fetchedBytes: 0 };
  const written = new Map<string, number>();
  const ownChunks = chunksAt(raw, written, 0);
  const sources = [ownChunks, ...(options.localChunks ?? [])];
  const hasher = new DiskHasher();
  const handle = await open(raw, "w");
  let ok = false;
  try {
    await handle.truncate(manifest.virtualSize);
    const extents = extentsOf(manifest);
    const acquire = (e: Extent) => {
      if (e.kind === "hole") return undefined;
      const bytes = bytesOf(e, sources, options, report);
      // Awaited in order below; a failure ahead of that point must not surface as unhandled.
      bytes.catch(() => undefined);
      return bytes;
    };
    const lookahead = options.lookahead ?? 8;
    const queue = extents.slice(0, lookahead).map(acquire);
    const writer = new StagedWriter(handle, written);
    let done = 0;
    for (let i = 0; i < extents.length; i++) {
      const extent = extents[i] as Extent;
      const next = extents[i + lookahead];
      queue.push(next ? acquire(next) : undefined);
      const data = await queue[i];
      if (extent.kind === "hole") await hasher.updateZeros(extent.length);
      else if (data) {
        await writer.write(data, extent.offset, extent.sha256);
        await hasher.update(data);
      }
      queue[i] = undefined;
      done += extent.length;
      options.onProgress?.(done, manifest.virtualSize);
    }
    await writer.flush();
    const actual = await hasher.finish();
    if (actual !== manifest.sha256) {
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

/**
 * Gathers consecutive chunks into 8 MiB writes (one thread-pool trip, not hundreds) and records
 * where each chunk landed once it is in the file, for duplicates later in the same disk.
 */
class StagedWriter {
  private readonly stage = Buffer.allocUnsafe(8 << 20);
  private start = 0;
  private length = 0;
  private landed: [string, number][] = [];

  constructor(
    private readonly handle: FileHandle,
    private readonly written: Map<string, number>,
  ) {}

  async write(data: Buffer, offset: number, sha256: string): Promise<void> {
    const isContiguous = this.start + this.length === offset;
    if (this.length > 0 && (!isContiguous || this.length + data.length > this.stage.length))
      await this.flush();
    if (data.length > this.stage.length) {
      await this.handle.write(data, 0, data.length, offset);
      this.landed.push([sha256, offset]);
      return this.flush();
    }
    if (this.length === 0) this.start = offset;
    data.copy(this.stage, this.length);
    this.length += data.length;
    this.landed.push([sha256, offset]);
  }

  async flush(): Promise<void> {
    if (this.length > 0) await this.handle.write(this.stage, 0, this.length, this.start);
    this.length = 0;
    for (const [sha256, offset] of this.landed)
      if (!this.written.has(sha256)) this.written.set(sha256, offset);
    this.landed = [];
  }
}
