import type { FileHandle } from "node:fs/promises";
import type { LocalChunks } from "./local-chunks";
import type { Extent } from "./manifest";
import { blockSize, giveBlock, takeBlock } from "./shared-blocks";

export type ChunkExtent = Extent & { kind: "chunk" };

/**
 * One step of an assembly, in disk order: a hole (left sparse), a chunk acquired on its own
 * (local source checked by hash, or fetched), or a run of chunks copied from a raw disk that
 * holds them in the same order (one large read and write, like a plain copy).
 */
export type Step =
  | { kind: "hole"; offset: number; length: number }
  | { kind: "chunk"; extent: ChunkExtent }
  | { kind: "copy"; file: string; from: number; offset: number; length: number; chunks: [string, number][] };

/** Copy runs stop at one shared block: sequential I/O like `dd bs=1M`, and the blocks are
 * reused. 8 MiB runs measured slower (fresh buffers to fault in, longer stalls per write). */
export const maxCopyLength = blockSize;

/**
 * Turns a manifest's extents into steps. A chunk that a source can locate in a raw disk joins
 * the copy run before it when it follows it both there and in the new disk: an unchanged
 * stretch of an older version becomes 1 MiB copies instead of sixty chunk reads and hashes each.
 */
export function planSteps(extents: Extent[], sources: LocalChunks[], useLocations: boolean): Step[] {
  const steps: Step[] = [];
  const locators = useLocations ? sources.filter((s) => s.locate) : [];
  for (const extent of extents) {
    if (extent.kind === "hole") {
      steps.push(extent);
      continue;
    }
    const where = locators.reduce<ReturnType<NonNullable<LocalChunks["locate"]>>>(
      (found, source) => found ?? source.locate?.(extent.sha256),
      undefined,
    );
    // A chunk longer than a block (a format allowing chunks up to 16 MiB) is read on its own.
    if (!where || extent.length > maxCopyLength) {
      steps.push({ kind: "chunk", extent });
      continue;
    }
    const last = steps.at(-1);
    if (
      last?.kind === "copy" &&
      last.file === where.file &&
      last.from + last.length === where.offset &&
      last.offset + last.length === extent.offset &&
      last.length + extent.length <= maxCopyLength
    ) {
      last.length += extent.length;
      last.chunks.push([extent.sha256, extent.offset]);
    } else {
      steps.push({
        kind: "copy",
        file: where.file,
        from: where.offset,
        offset: extent.offset,
        length: extent.length,
        chunks: [[extent.sha256, extent.offset]],
      });
    }
  }
  return steps;
}

/**
 * Gathers consecutive chunks into 1 MiB writes (one thread-pool trip, not dozens), keeps a few
 * writes in flight (they land at disjoint offsets) so that the disk works while the next bytes
 * are read and hashed, and records where each chunk landed once it is in the file, for
 * duplicates later in the same disk.
 *
 * Every `syncEvery` bytes it asks the kernel, in the background, to start writing what it has
 * (fdatasync on a thread-pool thread; the writes go on meanwhile). Left alone, the kernel waits
 * for 30 s or gigabytes of dirty pages, so the final sync before the rename wrote most of the
 * disk while nothing else happened: a third of the assembly's time on a 512 MiB disk. It also
 * keeps a 40 GB assembly from filling the post's memory with dirty pages.
 */
export class StagedWriter {
  private stage: Buffer = takeBlock();
  private start = 0;
  private length = 0;
  private landed: [string, number][] = [];
  private readonly inFlight: Promise<void>[] = [];
  private unsynced = 0;
  private syncing: Promise<void> | undefined;

  constructor(
    private readonly handle: FileHandle,
    private readonly written: Map<string, number>,
    private readonly maxInFlight = 4,
    private readonly syncEvery = 32 << 20,
  ) {}

  async write(data: Buffer, offset: number, sha256: string): Promise<void> {
    const isContiguous = this.start + this.length === offset;
    if (this.length > 0 && (!isContiguous || this.length + data.length > this.stage.length))
      await this.flush();
    if (data.length > this.stage.length) return this.writeRun(data, offset, [[sha256, offset]]);
    if (this.length === 0) this.start = offset;
    data.copy(this.stage, this.length);
    this.length += data.length;
    this.landed.push([sha256, offset]);
  }

  /** Writes a copy run's bytes as they are (one large block); `written` once they are in the file. */
  async writeRun(
    data: Buffer,
    offset: number,
    chunks: [string, number][],
    written?: () => void,
  ): Promise<void> {
    await this.flush();
    await this.launch(data, offset, chunks, written);
  }

  /** Sends the staged bytes on their way (they may still be in flight). */
  async flush(): Promise<void> {
    if (this.length === 0) return;
    const stage = this.stage;
    const [start, length, landed] = [this.start, this.length, this.landed];
    this.stage = takeBlock();
    this.length = 0;
    this.landed = [];
    await this.launch(stage.subarray(0, length), start, landed, () => giveBlock(stage));
  }

  /** Everything written (not yet synced: the caller syncs once, before the rename). */
  async finish(): Promise<void> {
    await this.flush();
    giveBlock(this.stage);
    await Promise.all(this.inFlight);
    await this.syncing;
  }

  private async launch(data: Buffer, offset: number, landed: [string, number][], written?: () => void) {
    const done = this.handle.write(data, 0, data.length, offset).then(() => {
      for (const [sha256, at] of landed) if (!this.written.has(sha256)) this.written.set(sha256, at);
      written?.();
      this.startWriteback(data.length);
    });
    // Awaited below or in finish(); a failure meanwhile must not surface as unhandled.
    done.catch(() => undefined);
    this.inFlight.push(done);
    if (this.inFlight.length > this.maxInFlight) await this.inFlight.shift();
  }

  private startWriteback(bytes: number) {
    this.unsynced += bytes;
    if (this.unsynced < this.syncEvery || this.syncing) return;
    this.unsynced = 0;
    this.syncing = this.handle.datasync().finally(() => {
      this.syncing = undefined;
    });
    this.syncing.catch(() => undefined);
  }
}

/**
 * Reads copy runs from raw disks, one handle per file, into shared blocks: the whole-disk
 * hasher reads them in place (no copy), and a block goes back to the pool once both its write
 * and its hash are done (`release` twice).
 */
export class RunReader {
  private readonly handles = new Map<string, Promise<FileHandle>>();

  constructor(private readonly open: (file: string) => Promise<FileHandle>) {}

  /** The run's bytes, or undefined when the file is shorter than the run (not that disk any more). */
  async read(step: Step & { kind: "copy" }): Promise<{ data: Buffer; release: () => void } | undefined> {
    let handle = this.handles.get(step.file);
    if (!handle) {
      handle = this.open(step.file);
      this.handles.set(step.file, handle);
    }
    const block = takeBlock();
    const data = block.subarray(0, step.length);
    let users = 2;
    const release = () => {
      if (--users === 0) giveBlock(block);
    };
    const { bytesRead } = await (await handle).read(data, 0, step.length, step.from);
    if (bytesRead === step.length) return { data, release };
    giveBlock(block);
    return undefined;
  }

  async close(): Promise<void> {
    for (const handle of this.handles.values()) await (await handle.catch(() => undefined))?.close();
  }
}
