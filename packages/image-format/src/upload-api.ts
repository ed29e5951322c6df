import { z } from "zod";
import { segmentSchema, sha256HexSchema } from "./master-info";

/**
 * Publishing to the portal over HTTP (docs/masters-distribution.md §1, decision 029): the client
 * PUTs the signed manifest to `/api/v1/masters/:name/:version/manifest`; the portal answers which
 * chunks (index parts first, then the disk's chunks) it still lacks, the client PUTs each to
 * `/api/v1/chunks/:hash`, then PUTs the manifest again, until the answer is `published`. Every
 * step is idempotent, so an interrupted upload resumes by running it again, and a chunk the
 * portal already holds is never sent. Chunks go in batches to `POST /api/v1/chunks` (below).
 */
export const uploadLimits = {
  /**
   * The signed header. Its index names one part per 1,024 chunks (about 150 bytes of JSON each):
   * 16,384 parts, 16 M chunks, a disk of 256 GiB of data at the default 16 KiB, fit in 4 MiB.
   */
  envelopeBytes: 4 * 1024 * 1024,
  indexParts: 16_384,
  /** The chunker's largest `maxSize` (fastcdc.ts): no chunk or index part is longer. */
  chunkBytes: 16 * 1024 * 1024,
  /** zstd adds at most a few bytes per 128 KiB block to bytes it cannot compress. */
  compressedChunkBytes: 16 * 1024 * 1024 + 64 * 1024,
  /**
   * A batch (`POST /api/v1/chunks`, multipart: one field per chunk, named by its hash): one
   * request per chunk made a WAN's round trip the limit (16 KiB chunks, 4 in flight, 20 ms:
   * 3 MB/s whatever the link), so the client sends up to 8 MiB or 512 chunks per request.
   */
  batchBytes: 24 * 1024 * 1024,
  batchChunks: 1024,
  /**
   * Hashes named per answer: 65,536 × 67 bytes of JSON, about 4.4 MB. Each answer checks every
   * chunk of the version against the store (a stat each, or a listing of a bucket), so a
   * first upload of a million chunks takes 16 answers rather than 245 such passes.
   */
  missingPerAnswer: 65_536,
} as const;

/** Where a batch of chunks is POSTed (multipart/form-data, one file field per chunk named by its hash). */
export const chunkBatchPath = "/api/v1/chunks";

export const uploadAnswerSchema = z.discriminatedUnion("state", [
  z.object({ state: z.literal("published"), name: segmentSchema, version: segmentSchema }),
  z.object({
    state: z.literal("incomplete"),
    /** Chunks to send next, at most `missingPerAnswer`: index parts before the disk's chunks. */
    missing: z.array(sha256HexSchema).min(1).max(uploadLimits.missingPerAnswer),
    /** How many the store lacks in all at this stage. */
    missingTotal: z.number().int().min(1),
  }),
]);
export type UploadAnswer = z.infer<typeof uploadAnswerSchema>;

export const chunkUploadAnswerSchema = z.object({ sha256: sha256HexSchema, stored: z.boolean() });
export type ChunkUploadAnswer = z.infer<typeof chunkUploadAnswerSchema>;

/** What a batch did: chunks written, and chunks the store already held. */
export const batchUploadAnswerSchema = z.object({
  stored: z.number().int().min(0),
  present: z.number().int().min(0),
});
export type BatchUploadAnswer = z.infer<typeof batchUploadAnswerSchema>;
