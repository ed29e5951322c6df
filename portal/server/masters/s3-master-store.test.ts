import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import S3rver from "@20minutes/s3rver";
import { isIntegrityError } from "@tremplin/image-format/errors";
import { loadManifest } from "@tremplin/image-format/index-parts";
import { collectGarbage } from "@tremplin/image-format/maintain-store";
import { distinctChunks } from "@tremplin/image-format/manifest";
import { publishDisk } from "@tremplin/image-format/publish-disk";
import { receiveChunk, receiveManifest } from "@tremplin/image-format/receive-upload";
import { generateSigningKey, trustedKeysFrom, verifySignedManifest } from "@tremplin/image-format/sign";
import { ChunkStore } from "@tremplin/image-format/store";
import { withBootSignature } from "@tremplin/image-format/test-data";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3MasterStore, type S3Settings } from "./s3-master-store";

// A real S3-compatible server (s3rver: S3's REST API over a folder, SigV4 checked) on loopback.
const key = generateSigningKey();
const trusted = trustedKeysFrom([{ pem: key.publicKeyPem, source: "dsi.pub" }]);
let server: S3rver;
let settings: S3Settings;
let local: ChunkStore;
let s3: S3MasterStore;
let cleanup: () => Promise<void>;
let tmpDir: string;

beforeAll(async () => {
  const tmp = await makeTmpDir("s3-store-");
  cleanup = tmp.cleanup;
  tmpDir = tmp.dir;
  server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: path.join(tmp.dir, "s3"),
    configureBuckets: [{ name: "masters", configs: [] }],
  });
  const { port } = await server.run();
  settings = {
    bucketUrl: `http://127.0.0.1:${port}/masters`,
    region: "us-east-1",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
  };
  s3 = new S3MasterStore(settings);
  local = new ChunkStore(path.join(tmp.dir, "local"));
  await publishLocally("2026.12", randomish("s3", 2 << 20), new Date("2026-12-06T10:00:00Z"));
}, 60_000);
afterAll(async () => {
  await server?.close();
  await cleanup?.();
});

/** Publishes `data` (then 1 MiB of zeros) as a version of "bureautique" in the local folder. */
async function publishLocally(version: string, data: Buffer, now: Date) {
  const disk = path.join(tmpDir, `${version}.raw`);
  await writeFile(disk, withBootSignature(Buffer.concat([data, Buffer.alloc(1 << 20)])));
  await publishDisk({
    disk,
    name: "bureautique",
    version,
    os: "windows",
    hints: {},
    store: local,
    privateKeyPem: key.privateKeyPem,
    now,
    workDir: tmpDir,
  });
}

/** Uploads a version from the local folder to the bucket as the portal's upload routes do. */
async function uploadToBucket(version: string) {
  const envelope = await local.readManifestEnvelope("bureautique", version);
  const target = { name: "bureautique", version, trusted };
  for (let answer = await receiveManifest(s3, envelope, target); answer.state === "incomplete"; ) {
    for (const sha256 of answer.missing) {
      await receiveChunk(s3, sha256, (await local.findCompressedChunk(sha256)) as Buffer);
    }
    answer = await receiveManifest(s3, envelope, target);
  }
}

function randomish(seed: string, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; i * 32 < length; i++) blocks.push(createHash("sha256").update(`${seed}${i}`).digest());
  return Buffer.concat(blocks).subarray(0, length);
}

describe("the masters store in an S3-compatible bucket", () => {
  it("receives an upload, then serves the manifest, its index and every chunk as the folder does", async () => {
    expect(await s3.hasManifest("bureautique", "2026.12")).toBe(false);
    await uploadToBucket("2026.12");
    expect(await s3.listVersions()).toEqual([{ name: "bureautique", version: "2026.12" }]);
    expect(await s3.readManifestEnvelope("bureautique", "2026.12")).toEqual(
      await local.readManifestEnvelope("bureautique", "2026.12"),
    );
    const manifest = await local.readManifest("bureautique", "2026.12", trusted);
    const [, length, sha256] = manifest.chunks[0] as [number, number, string, number];
    expect(await s3.readChunk(sha256, length)).toEqual(await local.readChunk(sha256, length));
    expect(await s3.findCompressedChunk(sha256)).toEqual(await local.findCompressedChunk(sha256));
  });

  it("finds missing chunks by HEAD for a few, by listing the bucket for many", async () => {
    const present = await local.listChunks();
    const absent = Array.from({ length: 2500 }, (_, i) =>
      createHash("sha256").update(`absent${i}`).digest("hex"),
    );
    expect(await s3.missingChunks([...present.slice(0, 3), ...absent.slice(0, 2)])).toEqual(
      absent.slice(0, 2),
    );
    expect(await s3.missingChunks([...absent, ...present])).toEqual(absent);
  });

  it("catches a chunk damaged in the bucket when it is read", async () => {
    const wrongName = createHash("sha256").update("damaged").digest("hex");
    const [someChunk] = await local.listChunks();
    await s3.writeChunk(wrongName, (await local.findCompressedChunk(someChunk as string)) as Buffer);
    await expect(s3.readChunk(wrongName, 1 << 20)).rejects.toSatisfy(isIntegrityError);
    expect(await s3.findCompressedChunk("0".repeat(64))).toBeUndefined();
    await expect(s3.readManifestEnvelope("bureautique", "absente")).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("collects garbage in the bucket: the old version and the chunks only it named go", async () => {
    const data = randomish("s3", 2 << 20);
    randomish("s3-v2", 256 << 10).copy(data, 1 << 20);
    await publishLocally("2027.01", data, new Date("2027-01-04T10:00:00Z"));
    await uploadToBucket("2027.01");
    const before = await s3.listStoredChunks();
    const dry = await collectGarbage({ store: s3, keep: 1, scheduled: [], dryRun: true });
    expect(await s3.listStoredChunks()).toEqual(before);
    const report = await collectGarbage({ store: s3, keep: 1, scheduled: [] });
    expect(report).toEqual(dry);
    expect(report.removedVersions).toEqual([{ name: "bureautique", version: "2026.12" }]);
    const after = await s3.listStoredChunks();
    expect(after.length).toBe(before.length - report.removedChunks);
    expect(report.removedBytes).toBe(
      before.filter((c) => !after.some((a) => a.sha256 === c.sha256)).reduce((n, c) => n + c.size, 0),
    );
    // What stays is exactly what 2027.01 names, and every byte of it still reads.
    const header = verifySignedManifest(await s3.readManifestEnvelope("bureautique", "2027.01"), trusted);
    const manifest = await loadManifest(header, ([sha256, length]) => s3.readChunk(sha256, length));
    const live = new Set([...distinctChunks(manifest).keys(), ...header.index.parts.map((p) => p[0])]);
    expect(new Set(after.map((c) => c.sha256))).toEqual(live);
    for (const [, length, sha256] of manifest.chunks) await s3.readChunk(sha256, length);
    expect(await s3.listVersions()).toEqual([{ name: "bureautique", version: "2027.01" }]);
  });

  it("names the bucket and the refusal when its keys are wrong", async () => {
    const wrong = new S3MasterStore({ ...settings, secretAccessKey: "not-the-secret" });
    await expect(wrong.listVersions()).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringMatching(/masters.*HTTP 403 SignatureDoesNotMatch/),
    });
  });
});
