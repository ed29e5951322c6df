import type { SignedManifest } from "./sign";

/**
 * What the portal needs of a store of masters, whether the format's plain folder (`ChunkStore`,
 * store.ts) or an S3-compatible bucket holding the same keys (the portal's S3 store). Chunks are
 * the compressed files as stored, named by the SHA-256 of their uncompressed bytes.
 */
export interface MasterStore {
  /** The chunk's file as stored, or undefined when absent. */
  findCompressedChunk(sha256: string): Promise<Buffer | undefined>;
  /** The chunk's bytes, checked against its name. Throws `not_found` or `IntegrityError`. */
  readChunk(sha256: string, maxLength: number): Promise<Buffer>;
  /** Of `hashes`, those the store lacks, in the order given. */
  missingChunks(hashes: readonly string[]): Promise<string[]>;
  /** Stores a compressed chunk unless present. Returns whether it wrote one. */
  writeChunk(sha256: string, compressed: Uint8Array): Promise<boolean>;
  hasManifest(name: string, version: string): Promise<boolean>;
  /** The envelope as stored, unverified. Throws `not_found`. */
  readManifestEnvelope(name: string, version: string): Promise<unknown>;
  /** Makes the version visible: call it only once every chunk it names is stored. */
  writeManifest(envelope: SignedManifest): Promise<unknown>;
  /** Every `{ name, version }` that has a manifest, sorted. */
  listVersions(): Promise<{ name: string; version: string }[]>;
  /** Every chunk with its stored size (what `gc` weighs). */
  listStoredChunks(): Promise<StoredChunk[]>;
  removeChunk(sha256: string): Promise<void>;
  removeManifest(name: string, version: string): Promise<void>;
}

export type StoredChunk = { sha256: string; size: number };
