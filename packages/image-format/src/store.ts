import { randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@tremplin/domain/errors";
import { sha256Of } from "./digest";
import { IntegrityError } from "./errors";
import { loadManifest } from "./index-parts";
import type { Manifest, ManifestHeader } from "./manifest";
import { segmentSchema, sha256HexSchema } from "./master-info";
import type { MasterStore, StoredChunk } from "./master-store";
import { type SignedManifest, type TrustedKeys, verifySignedManifest } from "./sign";
import { decompressChunk } from "./zstd";

/**
 * A store is a plain folder any web server can serve as it is:
 *   chunks/<first 2 hex>/<sha256>.zst      one zstd frame per chunk, named by the SHA-256 of
 *                                          its uncompressed bytes (immutable: cache forever)
 *   masters/<name>/<version>.json          the signed manifest header (sign.ts); its index
 *                                          parts are stored as chunks (index-parts.ts)
 * Every file is written to a temporary name in its final folder, then renamed: a crash leaves
 * a stray `.tmp` file at worst, never a half chunk under a real name. Readers check every
 * chunk's hash anyway, so a chunk damaged on disk later is caught too.
 */
export class ChunkStore implements MasterStore {
  /** Fan-out folders known to exist: a publish writes a million chunks into 256 of them. */
  private readonly fanouts = new Set<string>();

  constructor(readonly root: string) {}

  chunkPath(sha256: string): string {
    sha256HexSchema.parse(sha256);
    return path.join(this.root, "chunks", sha256.slice(0, 2), `${sha256}.zst`);
  }

  manifestPath(name: string, version: string): string {
    return path.join(this.root, "masters", segmentSchema.parse(name), `${segmentSchema.parse(version)}.json`);
  }

  hasChunk(sha256: string): boolean {
    return this.chunkSize(sha256) !== undefined;
  }

  /**
   * The stored (compressed) size of a chunk, or undefined when absent. A synchronous stat that
   * does not throw: a publish asks a million times, mostly for absent chunks, and a thread-pool
   * trip plus an ENOENT error each cost more than the stat itself.
   */
  chunkSize(sha256: string): number | undefined {
    return statSync(this.chunkPath(sha256), { throwIfNoEntry: false })?.size;
  }

  async missingChunks(hashes: readonly string[]): Promise<string[]> {
    return hashes.filter((sha256) => this.chunkSize(sha256) === undefined);
  }

  /** Stores a compressed chunk unless present. Returns whether it wrote one. */
  async writeChunk(sha256: string, compressed: Uint8Array): Promise<boolean> {
    const file = this.chunkPath(sha256);
    if (statSync(file, { throwIfNoEntry: false })) return false;
    const fanout = path.dirname(file);
    if (!this.fanouts.has(fanout)) {
      await mkdir(fanout, { recursive: true });
      this.fanouts.add(fanout);
    }
    await writeAtomic(file, compressed, { mkdir: false });
    return true;
  }

  /** The chunk's file as stored (what a server sends), or undefined when absent. */
  async findCompressedChunk(sha256: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.chunkPath(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  /** The chunk's bytes, checked against its name. Throws `not_found` or `IntegrityError`. */
  async readChunk(sha256: string, maxLength: number): Promise<Buffer> {
    const compressed = await this.findCompressedChunk(sha256);
    if (!compressed) throw new AppError("not_found", `Bloc absent du dépôt : ${sha256}`);
    return checkChunk(sha256, compressed, maxLength);
  }

  async hasManifest(name: string, version: string): Promise<boolean> {
    return (await statOrUndefined(this.manifestPath(name, version))) !== undefined;
  }

  async writeManifest(envelope: SignedManifest): Promise<string> {
    const file = this.manifestPath(envelope.signed.name, envelope.signed.version);
    await writeAtomic(file, `${JSON.stringify(envelope)}\n`);
    return file;
  }

  /** The envelope as stored, unverified (for serving and listing). */
  async readManifestEnvelope(name: string, version: string): Promise<unknown> {
    const file = this.manifestPath(name, version);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new AppError("not_found", `Aucun manifeste pour ${name} ${version} dans ${this.root}`);
      }
      throw error;
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new AppError("invalid_input", `Manifeste illisible (JSON) : ${file}`, { cause: error });
    }
  }

  /** The header, once a trusted key's signature checks (sign.ts). */
  async readManifestHeader(name: string, version: string, trusted: TrustedKeys): Promise<ManifestHeader> {
    return verifySignedManifest(await this.readManifestEnvelope(name, version), trusted);
  }

  /** The whole manifest: the verified header, then its index parts, each checked against its hash. */
  async readManifest(name: string, version: string, trusted: TrustedKeys): Promise<Manifest> {
    const header = await this.readManifestHeader(name, version, trusted);
    return loadManifest(header, ([sha256, length]) => this.readChunk(sha256, length));
  }

  /** Every `{ name, version }` that has a manifest file. */
  async listVersions(): Promise<{ name: string; version: string }[]> {
    const found: { name: string; version: string }[] = [];
    const mastersDir = path.join(this.root, "masters");
    for (const name of await readdirOrEmpty(mastersDir)) {
      for (const file of await readdirOrEmpty(path.join(mastersDir, name))) {
        if (file.endsWith(".json")) found.push({ name, version: file.slice(0, -".json".length) });
      }
    }
    return found.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  }

  /** Every chunk hash in the store. */
  async listChunks(): Promise<string[]> {
    const hashes: string[] = [];
    for (const fanout of await readdirOrEmpty(path.join(this.root, "chunks"))) {
      for (const file of await readdirOrEmpty(path.join(this.root, "chunks", fanout))) {
        if (/^[0-9a-f]{64}\.zst$/.test(file)) hashes.push(file.slice(0, 64));
      }
    }
    return hashes;
  }

  async listStoredChunks(): Promise<StoredChunk[]> {
    const found: StoredChunk[] = [];
    for (const sha256 of await this.listChunks()) {
      const stats = await statOrUndefined(this.chunkPath(sha256));
      if (stats) found.push({ sha256, size: stats.size });
    }
    return found;
  }

  async removeChunk(sha256: string): Promise<void> {
    await rm(this.chunkPath(sha256), { force: true });
  }

  async removeManifest(name: string, version: string): Promise<void> {
    await rm(this.manifestPath(name, version), { force: true });
  }
}

/** Inflates a stored chunk and checks it against its name: the one check every reader makes. */
export async function checkChunk(sha256: string, compressed: Uint8Array, maxLength: number): Promise<Buffer> {
  let data: Buffer;
  try {
    data = decompressChunk(compressed, maxLength);
  } catch (error) {
    throw new IntegrityError(
      `Bloc ${sha256} illisible (${(error as Error).message})`,
      sha256,
      "(zstd invalide)",
    );
  }
  const actual = sha256Of(data);
  if (actual !== sha256) throw new IntegrityError(`Bloc ${sha256}`, sha256, actual);
  return data;
}

export async function writeAtomic(
  file: string,
  data: Uint8Array | string,
  options: { mkdir: boolean } = { mkdir: true },
): Promise<void> {
  if (options.mkdir) await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOSPC" || code === "EDQUOT") {
      throw new AppError(
        "unavailable",
        `Plus de place pour écrire dans ${path.dirname(file)} (${code}) : rien n'a été publié à moitié.`,
        { cause: error },
      );
    }
    if (code === "EACCES" || code === "EROFS") {
      throw new AppError("unavailable", `Écriture refusée dans ${path.dirname(file)} (${code}).`, {
        cause: error,
      });
    }
    throw error;
  }
}

async function statOrUndefined(file: string) {
  try {
    return await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
