import { constants, zstdCompressSync, zstdDecompressSync } from "node:zlib";

/**
 * One zstd frame per chunk, level 3 (zstd's default), compressed on the calling thread: for
 * 16 KiB inputs the thread pool's round trip and context set-up cost more than the work
 * (measured 4–5× slower than synchronous calls on a busy two-core machine). The pledged size
 * lets zstd size its tables to the chunk.
 */
export function compressChunk(data: Uint8Array): Buffer {
  return zstdCompressSync(data, {
    params: { [constants.ZSTD_c_compressionLevel]: 3 },
    pledgedSrcSize: data.byteLength,
  });
}

/**
 * Refuses to inflate past `maxLength`: a hostile chunk cannot balloon in memory. Synchronous
 * and in one output buffer, for the same reason as compression: the asynchronous form went to
 * the thread pool once per 16 KiB of output (1.4 ms a chunk, measured).
 */
export function decompressChunk(data: Uint8Array, maxLength: number): Buffer {
  return zstdDecompressSync(data, {
    maxOutputLength: maxLength,
    chunkSize: Math.max(64, Math.min(maxLength, 16 << 20)),
  });
}

/**
 * For bytes whose length the caller does not know (a chunk a publisher uploads): the output
 * grows 128 KiB at a time up to `maxLength`. `decompressChunk`'s single buffer of `maxLength`
 * would be 16 MiB here, and allocating it cost ~1 ms a chunk, more than the inflation itself.
 */
export function decompressUnknownLength(data: Uint8Array, maxLength: number): Buffer {
  return zstdDecompressSync(data, { maxOutputLength: maxLength, chunkSize: 128 * 1024 });
}
