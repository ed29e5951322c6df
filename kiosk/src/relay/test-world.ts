import { randomBytes } from "node:crypto";
import { open, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import path from "node:path";
import type { MasterRef, NeededMaster, SitePlanResponse } from "@tremplin/domain/device";
import { publishDisk } from "@tremplin/image-format/publish-disk";
import { convertDisk } from "@tremplin/image-format/qemu-img";
import { generateSigningKey, type TrustedKeys, trustedKeysFrom } from "@tremplin/image-format/sign";
import { ChunkStore } from "@tremplin/image-format/store";
import { getTinyMaster } from "@tremplin/testkit/tiny-image";
import { silentLogger } from "../log";
import type { ChunkSource } from "../masters/chunk-source";
import { SyncBook } from "../masters/sync-book";
import { syncMaster } from "../masters/sync-master";
import { RelayChunks } from "./relay-chunks";
import { listen, relayHandler } from "./relay-server";

export const masterName = "tiny";
export const v1: MasterRef = { name: masterName, version: "1" };
export const v2: MasterRef = { name: masterName, version: "2" };

export type Published = {
  store: ChunkStore;
  keyFile: string;
  trusted: TrustedKeys;
  privateKeyPem: string;
};

/**
 * The tiny test master published as v1, then changed (320 KiB written at two places of its
 * guest view) and published as v2, into a portal-like store under `dir`.
 */
export async function publishTwoVersions(dir: string): Promise<Published> {
  const tiny = await getTinyMaster({ mode: "test" });
  const key = generateSigningKey();
  const keyFile = path.join(dir, "publisher.pub");
  await writeFile(keyFile, key.publicKeyPem);
  const store = new ChunkStore(path.join(dir, "portal-store"));
  const base = { name: masterName, os: "linux" as const, hints: tiny.hints, store, workDir: dir };
  const sign = { privateKeyPem: key.privateKeyPem };
  await publishDisk({
    ...base,
    ...sign,
    disk: tiny.path,
    version: "1",
    now: new Date("2026-12-01T10:00:00Z"),
  });
  const raw = path.join(dir, "v2.raw");
  await convertDisk({ file: tiny.path, from: "qcow2", out: raw, to: "raw" });
  const handle = await open(raw, "r+");
  // Free blocks of the guest's data partition (zeros in v1): v2 still boots, as if IT had
  // installed something there.
  await handle.write(randomBytes(192 * 1024), 0, 192 * 1024, 26 * 1024 * 1024);
  await handle.write(randomBytes(128 * 1024), 0, 128 * 1024, 34 * 1024 * 1024 + 512);
  await handle.close();
  await publishDisk({ ...base, ...sign, disk: raw, version: "2", now: new Date("2026-12-05T10:00:00Z") });
  return {
    store,
    keyFile,
    privateKeyPem: key.privateKeyPem,
    trusted: trustedKeysFrom([{ pem: key.publicKeyPem, source: keyFile }]),
  };
}

/**
 * A stand-in portal over the published store: the relay's handler with no upstream answers the
 * same two routes, plus a fixed site plan. Counts the masters' body bytes it sends: what crosses
 * the WAN.
 */
export async function startOrigin(
  published: Published,
  plan: () => NeededMaster[],
): Promise<{ url: string; sentBytes: () => number; server: Server }> {
  const chunks = new RelayChunks(published.store, {
    trusted: published.trusted,
    gate: () => undefined,
    log: silentLogger,
  });
  const serve = relayHandler(chunks, silentLogger);
  let sent = 0;
  const server = createServer((req, res) => {
    // Every answer here is sent with one end(body): count the masters' bodies as they leave
    // (the site plan is control traffic, not what the cap is about).
    const isMasters = /^\/api\/v1\/(chunks|masters)\//.test(req.url ?? "");
    const end = res.end.bind(res) as (body?: unknown) => typeof res;
    res.end = ((body?: unknown) => {
      if (!isMasters) return end(body);
      if (typeof body === "string") sent += Buffer.byteLength(body);
      else if (body instanceof Uint8Array) sent += body.length;
      return end(body);
    }) as typeof res.end;
    if (req.url?.startsWith("/api/v1/kiosks/me/site-masters")) {
      const body: SitePlanResponse = {
        site: {
          id: "00000000-0000-4000-8000-000000000001",
          name: "Albi",
          timezone: "Europe/Paris",
          nightWindow: { start: "20:00", end: "06:00" },
          wanCapMbps: 800,
        },
        generatedAt: new Date().toISOString(),
        masters: plan(),
      };
      const text = JSON.stringify(body);
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(text)),
      });
      res.end(text);
      return;
    }
    serve(req, res);
  });
  const url = await listen(server, "127.0.0.1", 0);
  return { url, sentBytes: () => sent, server };
}

/** Stored bytes of `version`'s chunks and index parts that `base` does not hold, plus its manifest file. */
export async function deltaBytes(
  store: ChunkStore,
  trusted: TrustedKeys,
  base: MasterRef,
  version: MasterRef,
) {
  const old = await store.readManifest(base.name, base.version, trusted);
  const header = await store.readManifestHeader(version.name, version.version, trusted);
  const next = await store.readManifest(version.name, version.version, trusted);
  const oldHeader = await store.readManifestHeader(base.name, base.version, trusted);
  const had = new Set([...old.chunks.map((c) => c[2]), ...oldHeader.index.parts.map((p) => p[0])]);
  const sizes = new Map<string, number>([
    ...next.chunks.map((c): [string, number] => [c[2], c[3]]),
    ...header.index.parts.map((p): [string, number] => [p[0], p[2]]),
  ]);
  let bytes = 0;
  for (const [sha256, size] of sizes) if (!had.has(sha256)) bytes += size;
  const manifestBytes = Buffer.byteLength(
    JSON.stringify(await store.readManifestEnvelope(version.name, version.version)),
  );
  return { chunkBytes: bytes, manifestBytes };
}

/** A post: its masters folder and what it reports. */
export function kioskAt(dir: string, trusted: TrustedKeys) {
  const book = new SyncBook();
  const mastersDir = path.join(dir, "masters");
  return {
    mastersDir,
    book,
    sync: (ref: MasterRef, sources: ChunkSource[]) =>
      syncMaster({ ref, mastersDir, sources, trusted, book, log: silentLogger }),
  };
}

/** Wraps a source, counting chunk fetches, and failing (like a cut cable) after `failAfter` of them. */
export function countingSource(inner: ChunkSource, failAfter = Number.POSITIVE_INFINITY) {
  const fetched: string[] = [];
  let started = 0;
  const source: ChunkSource = {
    label: `${inner.label} (compté)`,
    getManifest: (name, version) => inner.getManifest(name, version),
    async getChunk(sha256) {
      // Counted as they start: the assembly asks for several chunks ahead at once.
      if (started++ >= failAfter) throw new Error("connexion coupée (test)");
      const bytes = await inner.getChunk(sha256);
      fetched.push(sha256);
      return bytes;
    },
  };
  return { source, fetched };
}
