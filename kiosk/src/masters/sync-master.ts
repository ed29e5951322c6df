import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { MasterRef } from "@tremplin/domain/device";
import { AppError, isAppError } from "@tremplin/domain/errors";
import { assembleDisk } from "@tremplin/image-format/assemble-disk";
import { isIntegrityError, isSignatureError } from "@tremplin/image-format/errors";
import { loadManifest } from "@tremplin/image-format/index-parts";
import { chunksFromStore } from "@tremplin/image-format/local-chunks";
import { distinctChunks, type Manifest } from "@tremplin/image-format/manifest";
import type { MasterInfo } from "@tremplin/image-format/master-info";
import { type TrustedKeys, verifySignedManifest } from "@tremplin/image-format/sign";
import { ChunkStore, checkChunk, writeAtomic } from "@tremplin/image-format/store";
import type { Logger } from "pino";
import { diskFileName, findMaster } from "./catalog";
import type { ChunkSource } from "./chunk-source";
import { indexFileName, installedChunkSources, signedManifestFileName } from "./installed-versions";
import type { SyncBook } from "./sync-book";

export type SyncOptions = {
  ref: MasterRef;
  mastersDir: string;
  /** Tried in order for each request: the site's relay, then the portal when the config allows. */
  sources: readonly ChunkSource[];
  trusted: TrustedKeys;
  book: SyncBook;
  log: Logger;
};

export type SyncReport = {
  outcome: "installed" | "present";
  fetchedChunks: number;
  fetchedBytes: number;
  reusedChunks: number;
};

/**
 * Brings one master version onto the post (docs/masters-distribution.md): the manifest verified
 * against the configured keys (refused loudly otherwise), chunks taken from the versions already
 * here, the rest fetched, each checked against its hash and kept in a resume store as it
 * arrives, the disk assembled beside the others and checked whole, then switched on by one
 * rename of its folder. Versions already here are never touched: a session may be using them.
 */
export async function syncMaster(o: SyncOptions): Promise<SyncReport> {
  const present = await findMaster(o.mastersDir, o.ref);
  if (present?.isVerified) return { outcome: "present", fetchedChunks: 0, fetchedBytes: 0, reusedChunks: 0 };
  const resume = new ChunkStore(path.join(o.mastersDir, ".sync", "chunks"));
  // Index parts are kept for good (about 1 % of a manifest): the next version shares most of
  // them, so only the parts around its edits cross the network.
  const parts = new ChunkStore(path.join(o.mastersDir, ".sync", "index-parts"));
  let manifest: Manifest;
  let envelope: unknown;
  try {
    envelope = await firstAnswer(o.sources, (s) => s.getManifest(o.ref.name, o.ref.version));
    const header = verifySignedManifest(envelope, o.trusted);
    if (header.name !== o.ref.name || header.version !== o.ref.version) {
      throw new AppError(
        "invalid_input",
        `Manifeste de ${header.name} ${header.version} servi pour ${o.ref.name} ${o.ref.version}.`,
      );
    }
    manifest = await loadManifest(header, async ([sha256, length]) =>
      checkChunk(sha256, await fetchVerified(o, parts, sha256, length), length),
    );
  } catch (error) {
    const state = isSignatureError(error) ? "refused" : "failed";
    if (state === "refused")
      o.log.error({ ...o.ref, err: (error as Error).message }, "master manifest refused");
    o.book.update(o.ref, { state, bytesMissing: 0, bytesTotal: 0, problem: (error as Error).message });
    throw error;
  }
  return assembleAndSwitch(o, manifest, envelope, resume);
}

async function assembleAndSwitch(
  o: SyncOptions,
  manifest: Manifest,
  envelope: unknown,
  resume: ChunkStore,
): Promise<SyncReport> {
  const installed = await installedChunkSources(o.mastersDir, o.log);
  const chunks = distinctChunks(manifest);
  const lengths = new Map(manifest.chunks.map(([, length, sha256]) => [sha256, length]));
  const bytesTotal = [...chunks.values()].reduce((a, b) => a + b, 0);
  let bytesMissing = 0;
  for (const [sha256, size] of chunks) {
    if (!installed.hashes.has(sha256) && !(await resume.hasChunk(sha256))) bytesMissing += size;
  }
  o.book.update(o.ref, { state: "fetching", bytesMissing, bytesTotal });
  const masterRoot = path.join(o.mastersDir, o.ref.name);
  const staging = path.join(masterRoot, `.${o.ref.version}.partial`);
  const disk = path.join(staging, diskFileName("raw"));
  try {
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    const report = await assembleDisk(manifest, {
      out: disk,
      format: "raw",
      localChunks: [chunksFromStore(resume), ...installed.sources],
      fetchChunk: async (sha256, compressedLength) => {
        const bytes = await fetchVerified(o, resume, sha256, lengths.get(sha256) ?? 0);
        bytesMissing = Math.max(0, bytesMissing - compressedLength);
        o.book.update(o.ref, { state: "fetching", bytesMissing, bytesTotal });
        return bytes;
      },
    });
    o.book.update(o.ref, { state: "verified", bytesMissing: 0, bytesTotal });
    await writeVersionFiles(staging, disk, manifest, envelope);
    await switchOn(staging, path.join(masterRoot, o.ref.version));
    // Now on disk in the version itself: the resume copies go (those of other versions stay).
    for (const sha256 of await resume.listChunks()) if (chunks.has(sha256)) await resume.removeChunk(sha256);
    o.book.update(o.ref, { state: "active", bytesMissing: 0, bytesTotal });
    o.log.info({ ...o.ref, ...report }, "master version installed");
    return {
      outcome: "installed",
      fetchedChunks: report.fetchedChunks,
      fetchedBytes: report.fetchedBytes,
      reusedChunks: report.localChunks,
    };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    o.book.update(o.ref, { state: "failed", bytesMissing, bytesTotal, problem: (error as Error).message });
    throw error;
  } finally {
    await installed.close();
  }
}

/**
 * A chunk's stored bytes, checked against its name: from `keep`, else from each source in turn
 * (a source serving a damaged chunk is asked once more, then the next one is), then kept in
 * `keep` so that an interrupted sync does not fetch it again.
 */
async function fetchVerified(
  o: SyncOptions,
  keep: ChunkStore,
  sha256: string,
  length: number,
): Promise<Buffer> {
  const kept = await keep.findCompressedChunk(sha256);
  if (kept) {
    try {
      await checkChunk(sha256, kept, length);
      return kept;
    } catch (error) {
      if (!isIntegrityError(error)) throw error;
      await keep.removeChunk(sha256);
    }
  }
  const compressed = await firstAnswer(o.sources, async (source) => {
    for (let attempt = 1; ; attempt++) {
      const bytes = await source.getChunk(sha256);
      try {
        await checkChunk(sha256, bytes, length);
        return bytes;
      } catch (error) {
        if (!isIntegrityError(error)) throw error;
        o.log.warn({ sha256, source: source.label, attempt }, "damaged chunk received");
        if (attempt >= 2)
          throw new AppError("unavailable", `${source.label} sert un bloc altéré (${sha256}).`);
      }
    }
  });
  await keep.writeChunk(sha256, compressed);
  return compressed;
}

/** The first source that answers; `not_found` and `unavailable` pass to the next, the last error is thrown. */
async function firstAnswer<T>(
  sources: readonly ChunkSource[],
  ask: (source: ChunkSource) => Promise<T>,
): Promise<T> {
  let last: unknown = new AppError("config_invalid", "Aucune source de masters configurée.");
  for (const source of sources) {
    try {
      return await ask(source);
    } catch (error) {
      if (!isAppError(error) || !["not_found", "unavailable", "unauthenticated"].includes(error.code))
        throw error;
      last = error;
    }
  }
  throw last;
}

async function writeVersionFiles(
  dir: string,
  disk: string,
  manifest: Manifest,
  envelope: unknown,
): Promise<void> {
  const info: MasterInfo = {
    name: manifest.name,
    version: manifest.version,
    sha256: manifest.sha256,
    format: "raw",
    os: manifest.os,
    hints: manifest.hints,
  };
  await writeAtomic(path.join(dir, indexFileName), JSON.stringify(manifest));
  // The signed envelope as received: whoever trusts this folder less than the agent did (the
  // kiosk OS's installer, as root) checks the signature again instead of believing index.json.
  await writeAtomic(path.join(dir, signedManifestFileName), JSON.stringify(envelope));
  await writeAtomic(path.join(dir, "master.json"), `${JSON.stringify(info, null, 2)}\n`);
  // assembleDisk hashed the whole disk against the signed manifest: that is the catalog's check.
  const s = await stat(disk);
  await writeAtomic(
    path.join(dir, "verified.json"),
    JSON.stringify({ sha256: manifest.sha256, size: s.size, mtimeMs: s.mtimeMs }),
  );
}

/**
 * The switch: the version's folder appears complete under its name in one rename. A folder left
 * there unverified (a copy damaged since) is moved aside first; never one a session could be
 * using, since only verified versions are booted.
 */
async function switchOn(staging: string, target: string): Promise<void> {
  const aside = `${path.dirname(target)}/.${path.basename(target)}.replaced-${Date.now()}`;
  const existing = await stat(target).catch(() => undefined);
  if (existing) await rename(target, aside);
  await rename(staging, target);
  if (existing) await rm(aside, { recursive: true, force: true });
}
