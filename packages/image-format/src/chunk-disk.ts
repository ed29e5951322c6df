import { open, stat } from "node:fs/promises";
import { AppError } from "@tremplin/domain/errors";
import { ChunkHasher } from "./chunk-hasher";
import { type ChunkerParams, createCutter, defaultChunkerParams } from "./fastcdc";
import type { ChunkEntry, HoleEntry } from "./manifest";
import type { DiskRegion } from "./qemu-img";
import { RunChunker } from "./run-chunker";

/**
 * Receives each distinct chunk once and returns its stored size. `data` is a view of a
 * hashing batch, valid only until the sink's first `await`: a sink uses the bytes (hash
 * lookup, compression) before it awaits anything, or copies them.
 */
export type ChunkSink = (chunk: { sha256: string; data: Buffer }) => Promise<number>;

export type ChunkedDisk = {
  virtualSize: number;
  /** SHA-256 of the whole virtual disk, holes included as zeros. */
  sha256: string;
  chunks: ChunkEntry[];
  holes: HoleEntry[];
};

export type ChunkDiskOptions = {
  /** A raw disk file (the guest's view: qemu-img.ts `convertToRaw` for other formats). */
  file: string;
  /** Its data and zero runs (qemu-img.ts `mapDisk`): zero runs are not read. Default: all data. */
  regions?: DiskRegion[];
  params?: ChunkerParams;
  sink: ChunkSink;
  /** Chunks handed to the sink and not yet stored: bounds memory, lets zstd use the thread pool. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
};

/** Zero detection works on 4 KiB blocks of the disk; runs this long or longer become holes. */
export const zeroBlockSize = 4096;
export const minHoleSize = 64 * 1024;
const readBlock = 8 << 20;

/**
 * Cuts a raw disk into FastCDC chunks and holes, streaming (memory: a read block, the chunker's
 * buffer and the chunks in flight). Holes are defined by content, not by allocation: every run
 * of all-zero 4 KiB blocks of at least 64 KiB is a hole, whether the container left it
 * unallocated (the map says so and it is never read) or zeros were written out. The data runs
 * between holes are chunked each on its own. So a qcow2, a vmdk and a raw copy of the same guest
 * disk give the same index, whatever their allocation.
 */
export async function chunkRawDisk(options: ChunkDiskOptions): Promise<ChunkedDisk> {
  const params = options.params ?? defaultChunkerParams;
  const { size } = await stat(options.file);
  const regions = options.regions ?? [{ offset: 0, length: size, isZero: false }];
  const virtualSize = regions.reduce((sum, r) => sum + r.length, 0);
  const result: ChunkedDisk = { virtualSize, sha256: "", chunks: [], holes: [] };
  const zeros = Buffer.alloc(Math.max(readBlock, params.maxSize));
  const stored = new Map<string, Promise<number>>();
  const inFlight: Promise<unknown>[] = [];
  const concurrency = options.concurrency ?? 8;
  // A batch hands hundreds of chunks to the sink at once: the first failure is kept and thrown
  // at the next wait, the others are not left as unhandled rejections.
  let sinkFailure: { error: unknown } | undefined;
  const settle = async () => {
    while (inFlight.length >= concurrency) await inFlight.shift();
    if (sinkFailure) throw sinkFailure.error;
  };

  // Hashes come back from the worker in disk order; the sink sees each distinct chunk once.
  const hasher = new ChunkHasher((chunks) => {
    for (const { offset, data, sha256 } of chunks) {
      const entry: ChunkEntry = [offset, data.length, sha256, 0];
      result.chunks.push(entry);
      let storedSize = stored.get(sha256);
      if (!storedSize) {
        storedSize = options.sink({ sha256, data });
        stored.set(sha256, storedSize);
      }
      inFlight.push(
        storedSize.then(
          (n) => (entry[3] = n),
          (error: unknown) => (sinkFailure ??= { error }),
        ),
      );
    }
  }, params.maxSize);
  const run = new RunChunker(createCutter(params), params.maxSize, hasher);

  // The zero run being measured: ended by data, it becomes a hole or goes to the chunker.
  let zeroStart = 0;
  let zeroLength = 0;
  const endZeros = async () => {
    if (zeroLength >= minHoleSize) {
      await run.end();
      result.holes.push([zeroStart, zeroLength]);
      hasher.addZeros(zeroLength);
    } else if (zeroLength > 0) {
      await run.pushZeros(zeroLength, zeroStart, zeros);
    }
    zeroLength = 0;
  };
  const addZeros = (offset: number, length: number) => {
    if (zeroLength === 0) zeroStart = offset;
    zeroLength += length;
  };

  const handle = await open(options.file, "r");
  const buf = Buffer.allocUnsafe(readBlock);
  let done = 0;
  try {
    for (const region of regions) {
      if (region.isZero) {
        addZeros(region.offset, region.length);
        done += region.length;
        continue;
      }
      for (let pos = region.offset; pos < region.offset + region.length; ) {
        const want = Math.min(readBlock, region.offset + region.length - pos);
        const { bytesRead } = await handle.read(buf, 0, want, pos);
        if (bytesRead === 0)
          throw new AppError(
            "invalid_input",
            `${options.file} : fin de fichier inattendue à l'octet ${pos}.`,
          );
        const bytes = buf.subarray(0, bytesRead);
        await scan(bytes, pos);
        await settle();
        pos += bytesRead;
        done += bytesRead;
        options.onProgress?.(done, virtualSize);
      }
    }
    await endZeros();
    await run.end();
    result.sha256 = await hasher.finish();
    await Promise.all(inFlight);
    if (sinkFailure) throw sinkFailure.error;
  } catch (error) {
    await hasher.abort();
    throw error;
  } finally {
    await handle.close();
  }
  return result;

  /** Splits freshly read bytes into zero blocks (counted) and data spans (chunked). */
  async function scan(bytes: Buffer, offset: number) {
    let dataFrom = -1;
    for (let i = 0; i < bytes.length; ) {
      // Blocks follow the disk's 4 KiB grid, whatever the read sizes.
      const blockEnd = Math.min(bytes.length, i + zeroBlockSize - ((offset + i) % zeroBlockSize));
      const isZero = bytes.compare(zeros, 0, blockEnd - i, i, blockEnd) === 0;
      if (isZero && dataFrom >= 0) {
        await run.push(bytes.subarray(dataFrom, i), offset + dataFrom);
        dataFrom = -1;
      }
      if (isZero) addZeros(offset + i, blockEnd - i);
      else if (dataFrom < 0) {
        await endZeros();
        dataFrom = i;
      }
      i = blockEnd;
    }
    if (dataFrom >= 0) await run.push(bytes.subarray(dataFrom), offset + dataFrom);
  }
}
