import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@tremplin/domain/errors";
import { chunkRawDisk } from "./chunk-disk";
import { sha256Of } from "./digest";
import { type ChunkerParams, defaultChunkerParams } from "./fastcdc";
import { encodeIndex } from "./index-parts";
import {
  type IndexPart,
  type Manifest,
  type ManifestHeader,
  manifestFormat,
  manifestSchema,
} from "./manifest";
import type { VmHints } from "./master-info";
import { convertDisk, mapDisk, probeDisk } from "./qemu-img";
import { signManifest } from "./sign";
import type { ChunkStore } from "./store";
import { compressChunk } from "./zstd";

export type PublishOptions = {
  /** raw, qcow2, vmdk, vhdx (or VHD): anything qemu-img reads. */
  disk: string;
  name: string;
  version: string;
  os: Manifest["os"];
  description?: string;
  hints: VmHints;
  store: ChunkStore;
  privateKeyPem: string;
  now: Date;
  /** Where a non-raw disk is converted to a sparse raw file first (needs its allocated size). */
  workDir: string;
  params?: ChunkerParams;
  onProgress?: (step: "convert" | "chunk", done: number, total: number) => void;
};

export type PublishReport = {
  manifest: Manifest;
  header: ManifestHeader;
  manifestFile: string;
  newChunks: number;
  newBytes: number;
  reusedChunks: number;
};

/**
 * Publishes one version of a master into a store: the disk's guest view cut into chunks, each
 * new chunk compressed and stored under its hash, then the signed manifest — last, so that a
 * store never shows a version whose chunks are not all there. A published version is
 * immutable: publishing it again is refused.
 */
export async function publishDisk(options: PublishOptions): Promise<PublishReport> {
  const { store } = options;
  if (await store.hasManifest(options.name, options.version)) {
    throw new AppError(
      "conflict",
      `${options.name} ${options.version} est déjà publié dans ${store.root} : une version publiée ne change plus.`,
    );
  }
  const { format, virtualSize } = await probeDisk(options.disk);
  const work = await mkdtemp(path.join(options.workDir, "tremplin-publish-"));
  try {
    let raw = options.disk;
    if (format !== "raw") {
      raw = path.join(work, "disk.raw");
      await convertDisk({
        file: options.disk,
        from: format,
        out: raw,
        to: "raw",
        onProgress: (percent) => options.onProgress?.("convert", (percent / 100) * virtualSize, virtualSize),
      });
    }
    const report = { newChunks: 0, newBytes: 0, reusedChunks: 0 };
    const params = options.params ?? defaultChunkerParams;
    const disk = await chunkRawDisk({
      file: raw,
      regions: await mapDisk(raw, "raw"),
      params,
      // Enough chunks in flight to keep libuv's four threads busy compressing and writing.
      concurrency: 32,
      onProgress: (done, total) => options.onProgress?.("chunk", done, total),
      // Synchronous up to the write: `data` is the chunker's buffer, valid until the first await.
      sink: async ({ sha256, data }) => {
        const existing = store.chunkSize(sha256);
        if (existing !== undefined) {
          report.reusedChunks += 1;
          return existing;
        }
        const compressed = compressChunk(data);
        if (await store.writeChunk(sha256, compressed)) {
          report.newChunks += 1;
          report.newBytes += compressed.length;
        }
        return compressed.length;
      },
    });
    const manifest = manifestSchema.parse({
      format: manifestFormat,
      name: options.name,
      version: options.version,
      os: options.os,
      ...(options.description ? { description: options.description } : {}),
      created: options.now.toISOString(),
      virtualSize: disk.virtualSize,
      sha256: disk.sha256,
      hints: options.hints,
      chunker: { algorithm: "fastcdc-gear32-nc1", ...params },
      compression: "zstd",
      chunks: disk.chunks,
      holes: disk.holes,
    } satisfies Manifest);
    const parts: IndexPart[] = [];
    for (const text of encodeIndex(manifest)) {
      const sha256 = sha256Of(text);
      const compressed = compressChunk(text);
      await store.writeChunk(sha256, compressed);
      parts.push([sha256, text.length, store.chunkSize(sha256) ?? compressed.length]);
    }
    const { chunks: _chunks, holes: _holes, ...described } = manifest;
    const header = { ...described, index: { parts } };
    const manifestFile = await store.writeManifest(signManifest(header, options.privateKeyPem));
    return { manifest, header, manifestFile, ...report };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
