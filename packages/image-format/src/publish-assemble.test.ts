import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assembleDisk } from "./assemble-disk";
import { sha256Of } from "./digest";
import { isIntegrityError } from "./errors";
import { chunksFromDisk, chunksFromStore } from "./local-chunks";
import { collectGarbage } from "./maintain-store";
import { publishDisk } from "./publish-disk";
import { probeDisk } from "./qemu-img";
import { generateSigningKey, trustedKeysFrom } from "./sign";
import { ChunkStore } from "./store";
import { seededBytes, withBootSignature } from "./test-data";
import { verifyVersion } from "./verify-version";

const key = generateSigningKey();
const trusted = trustedKeysFrom([{ pem: key.publicKeyPem, source: "test.pub" }]);
const MiB = 1 << 20;
let dir: string;
let store: ChunkStore;
let v1: Buffer;
let v2: Buffer;

/** A raw disk: boot signature, random data, 2 MiB of zeros written out, more random data. */
function diskV1(): Buffer {
  return withBootSignature(
    Buffer.concat([seededBytes("v1-a", 3 * MiB), Buffer.alloc(2 * MiB), seededBytes("v1-b", 3 * MiB)]),
  );
}

/** v1 with 64 KiB rewritten and 96 KiB inserted (a multiple of 512, so it stays a disk). */
function diskV2(base: Buffer): Buffer {
  const edited = Buffer.from(base);
  seededBytes("v2-edit", 65_536).copy(edited, 1 * MiB);
  const at = 6 * MiB;
  return Buffer.concat([edited.subarray(0, at), seededBytes("v2-insert", 96 * 1024), edited.subarray(at)]);
}

const publish = (disk: string, version: string) =>
  publishDisk({
    disk,
    name: "test",
    version,
    os: "linux",
    hints: { memoryMiB: 256 },
    store,
    privateKeyPem: key.privateKeyPem,
    now: new Date(`2026-12-0${version.slice(1, 2)}T10:00:00Z`),
    workDir: dir,
  });

const fromStore = async (sha256: string) => (await store.findCompressedChunk(sha256)) ?? Buffer.alloc(0);

/** v2 assembled as a raw disk at `out` from a copy of v1 on disk (`v1.raw` unless told) and the store. */
async function assembleV2FromV1Disk(
  out: string,
  options: { v1File?: string; fetchChunk?: typeof fromStore; verifyLocalChunks?: boolean } = {},
) {
  const manifest = await store.readManifest("test", "v2", trusted);
  const v1Manifest = await store.readManifest("test", "v1", trusted);
  const local = chunksFromDisk(v1Manifest, options.v1File ?? path.join(dir, "v1.raw"));
  try {
    return await assembleDisk(manifest, {
      out,
      format: "raw",
      localChunks: [local],
      fetchChunk: options.fetchChunk ?? fromStore,
      verifyLocalChunks: options.verifyLocalChunks,
    });
  } finally {
    await local.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tremplin-image-format-"));
  store = new ChunkStore(path.join(dir, "store"));
  v1 = diskV1();
  v2 = diskV2(v1);
  await writeFile(path.join(dir, "v1.raw"), v1);
  await writeFile(path.join(dir, "v2.raw"), v2);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("publish, verify, assemble", () => {
  it("publishes v1: the whole-disk hash, and the written-out zeros as a hole", async () => {
    const report = await publish(path.join(dir, "v1.raw"), "v1");
    expect(report.manifest.sha256).toBe(sha256Of(v1));
    expect(report.manifest.virtualSize).toBe(v1.length);
    const holeBytes = report.manifest.holes.reduce((sum, [, length]) => sum + length, 0);
    expect(holeBytes).toBeGreaterThan(1.5 * MiB);
    expect(holeBytes).toBeLessThanOrEqual(2 * MiB);
    expect(report.newChunks).toBe(report.manifest.chunks.length);
  });

  it("publishes v2 reusing v1's chunks: only those around the edits are new", async () => {
    const report = await publish(path.join(dir, "v2.raw"), "v2");
    // 160 KiB changed: about ten 16 KiB chunks, plus one or two on each side of each edit.
    expect(report.newChunks).toBeGreaterThanOrEqual(8);
    expect(report.newChunks).toBeLessThanOrEqual(20);
    expect(report.reusedChunks).toBeGreaterThan(report.manifest.chunks.length - 20);
    await expect(publish(path.join(dir, "v2.raw"), "v2")).rejects.toThrow(/déjà publié/);
  });

  it("reads a qcow2's guest view: the same chunks and hash as the raw disk", async () => {
    const qcow2 = path.join(dir, "v1.qcow2");
    execFileSync("qemu-img", ["convert", "-f", "raw", "-O", "qcow2", path.join(dir, "v1.raw"), qcow2]);
    const report = await publish(qcow2, "v1q");
    expect(report.manifest.sha256).toBe(sha256Of(v1));
    expect(report.newChunks).toBe(0);
  });

  it("refuses a file that is no disk image, saying so", async () => {
    const text = path.join(dir, "notes.txt");
    await writeFile(text, "ceci n'est pas un disque\n");
    await expect(probeDisk(text)).rejects.toThrow(/n'est pas une image disque/);
  });

  it("assembles v2 from v1's disk and fetched chunks, fetching only the new ones", async () => {
    const manifest = await store.readManifest("test", "v2", trusted);
    const out = path.join(dir, "assembled-v2.raw");
    const report = await assembleV2FromV1Disk(out);
    // Buffer.equals, not toEqual: vitest compares buffers byte by byte in JavaScript (seconds).
    expect((await readFile(out)).equals(v2)).toBe(true);
    expect(report.fetchedChunks).toBeLessThanOrEqual(20);
    expect(report.localChunks).toBeGreaterThan(manifest.chunks.length - 20);
  });

  it("copies v1's unchanged runs without a hash each, and the result is v2 to the byte", async () => {
    const manifest = await store.readManifest("test", "v2", trusted);
    const out = path.join(dir, "copied-v2.raw");
    const report = await assembleV2FromV1Disk(out);
    expect(sha256Of(await readFile(out))).toBe(manifest.sha256);
    expect(report.copiedChunks).toBeGreaterThan(manifest.chunks.length - 20);
    expect(report.recheckedLocalChunks).toBeUndefined();
  });

  it("catches a chunk damaged in v1's disk by the whole-disk hash, and rebuilds v2 checking every chunk", async () => {
    const manifest = await store.readManifest("test", "v2", trusted);
    const v1Manifest = await store.readManifest("test", "v1", trusted);
    const damaged = Buffer.from(v1);
    const victim = v1Manifest.chunks[2] as (typeof v1Manifest.chunks)[number];
    damaged[victim[0] + 100] = (damaged[victim[0] + 100] as number) ^ 0xff;
    const file = path.join(dir, "v1-damaged.raw");
    await writeFile(file, damaged);
    const fetched: string[] = [];
    const fetch = (sha256: string) => {
      fetched.push(sha256);
      return fromStore(sha256);
    };
    const out = path.join(dir, "from-damaged-v2.raw");
    const report = await assembleV2FromV1Disk(out, { v1File: file, fetchChunk: fetch });
    expect((await readFile(out)).equals(v2)).toBe(true);
    expect(report.recheckedLocalChunks).toBe(true);
    expect(fetched).toContain(victim[2]);
    // Asked to check every local chunk from the start, it needs no second pass.
    const checked = await assembleV2FromV1Disk(`${out}.2`, { v1File: file, verifyLocalChunks: true });
    expect(checked.recheckedLocalChunks).toBeUndefined();
    expect(checked.copiedChunks).toBe(0);
    expect(sha256Of(await readFile(`${out}.2`))).toBe(manifest.sha256);
  });

  it("assembles a qcow2 from a local store alone, whose guest view is v2", async () => {
    const manifest = await store.readManifest("test", "v2", trusted);
    const out = path.join(dir, "assembled-v2.qcow2");
    const nothingToFetch = async (sha256: string): Promise<Buffer> => {
      throw new Error(`fetched ${sha256} though the local store holds it`);
    };
    const report = await assembleDisk(manifest, {
      out,
      format: "qcow2",
      localChunks: [chunksFromStore(store)],
      fetchChunk: nothingToFetch,
    });
    expect(report.fetchedChunks).toBe(0);
    const raw = path.join(dir, "from-qcow2.raw");
    execFileSync("qemu-img", ["convert", "-f", "qcow2", "-O", "raw", out, raw]);
    expect(sha256Of(await readFile(raw))).toBe(manifest.sha256);
    await expect(stat(`${out}.partial`)).rejects.toThrow();
  });

  it("fetches a garbled chunk again, and refuses one that stays garbled, leaving no file", async () => {
    const manifest = await store.readManifest("test", "v1", trusted);
    let garbled = 0;
    const flaky = async (sha256: string) => (garbled++ === 0 ? Buffer.from("garbage") : fromStore(sha256));
    const out = path.join(dir, "assembled-v1.raw");
    await assembleDisk(manifest, { out, format: "raw", fetchChunk: flaky });
    expect(sha256Of(await readFile(out))).toBe(manifest.sha256);
    const broken = path.join(dir, "broken.raw");
    const error = await assembleDisk(manifest, {
      out: broken,
      format: "raw",
      fetchChunk: async () => Buffer.from("x"),
    }).catch((e: unknown) => e);
    expect(isIntegrityError(error)).toBe(true);
    await expect(stat(broken)).rejects.toThrow();
    await expect(stat(`${broken}.partial`)).rejects.toThrow();
  });

  it("verifies a whole version, and lists a corrupted chunk by name", async () => {
    const good = await verifyVersion({ store, name: "test", version: "v2", trusted });
    expect(good.problems).toEqual([]);
    expect(good.isDiskHashValid).toBe(true);
    const victim = good.manifest.chunks[3]?.[2] as string;
    const file = store.chunkPath(victim);
    const original = await readFile(file);
    await writeFile(file, Buffer.from(original).fill(0, 10, 20));
    const bad = await verifyVersion({ store, name: "test", version: "v2", trusted });
    expect(bad.problems.map((p) => p.sha256)).toEqual([victim]);
    expect(bad.isDiskHashValid).toBe(false);
    await writeFile(file, original);
  });

  it("collects garbage: keeps the newest version and the scheduled ones, drops chunks nobody names", async () => {
    const report = await collectGarbage({ store, keep: 1, scheduled: [{ name: "test", version: "v1q" }] });
    expect(report.removedVersions).toEqual([{ name: "test", version: "v1" }]);
    // v1q is v1's disk as qcow2: the same chunks and index parts, so nothing is free yet.
    expect(report.removedChunks).toBe(0);
    const again = await collectGarbage({ store, keep: 1, scheduled: [] });
    expect(again.removedVersions).toEqual([{ name: "test", version: "v1q" }]);
    expect(again.removedChunks).toBeGreaterThan(0);
    const header = await store.readManifestHeader("test", "v2", trusted);
    const v2 = await store.readManifest("test", "v2", trusted);
    const live = new Set([...v2.chunks.map((c) => c[2]), ...header.index.parts.map((p) => p[0])]);
    expect(new Set(await store.listChunks())).toEqual(live);
    expect((await verifyVersion({ store, name: "test", version: "v2", trusted })).isDiskHashValid).toBe(true);
  });
});
