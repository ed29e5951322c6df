import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { publishDisk } from "./publish-disk";
import { receiveChunk, receiveManifest } from "./receive-upload";
import { generateSigningKey, signManifest, trustedKeysFrom } from "./sign";
import { ChunkStore } from "./store";
import { seededBytes, withBootSignature } from "./test-data";
import type { UploadAnswer } from "./upload-api";
import { compressChunk } from "./zstd";

const key = generateSigningKey();
const trusted = trustedKeysFrom([{ pem: key.publicKeyPem, source: "dsi.pub" }]);
const target = { name: "test", version: "v1", trusted };
let dir: string;
let source: ChunkStore;
let portal: ChunkStore;
let envelope: { signed: Record<string, unknown>; signatures: unknown[] };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "receive-upload-"));
  const disk = withBootSignature(
    Buffer.concat([seededBytes("upload", 3 << 20), Buffer.alloc(1 << 20), seededBytes("more", 1 << 20)]),
  );
  await writeFile(path.join(dir, "disk.raw"), disk);
  source = new ChunkStore(path.join(dir, "source"));
  await publishDisk({
    disk: path.join(dir, "disk.raw"),
    name: "test",
    version: "v1",
    os: "linux",
    hints: {},
    store: source,
    privateKeyPem: key.privateKeyPem,
    now: new Date("2026-12-06T10:00:00Z"),
    workDir: dir,
  });
  envelope = (await source.readManifestEnvelope("test", "v1")) as typeof envelope;
}, 60_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));
beforeEach(async () => {
  portal = new ChunkStore(path.join(dir, `portal-${Math.random().toString(36).slice(2)}`));
});

/** Sends what each answer asks for, as the publisher does; returns every answer. */
async function upload(count = Number.POSITIVE_INFINITY): Promise<UploadAnswer[]> {
  const answers: UploadAnswer[] = [];
  for (let sent = 0; ; ) {
    const answer = await receiveManifest(portal, envelope, target);
    answers.push(answer);
    if (answer.state === "published") return answers;
    for (const sha256 of answer.missing) {
      if (sent++ >= count) return answers;
      await receiveChunk(portal, sha256, (await source.findCompressedChunk(sha256)) as Buffer);
    }
  }
}

describe("an upload to the portal's store", () => {
  it("asks for the index parts, then the chunks, then publishes a version that reads back whole", async () => {
    const answers = await upload();
    const [parts, chunks, done] = answers;
    const manifest = await source.readManifest("test", "v1", trusted);
    const header = await source.readManifestHeader("test", "v1", trusted);
    expect(parts).toMatchObject({ state: "incomplete", missingTotal: header.index.parts.length });
    expect(chunks).toMatchObject({
      state: "incomplete",
      missingTotal: new Set(manifest.chunks.map((c) => c[2])).size,
    });
    expect(done).toEqual({ state: "published", name: "test", version: "v1" });
    expect(await portal.readManifest("test", "v1", trusted)).toEqual(manifest);
    expect(await receiveManifest(portal, envelope, target)).toEqual(done);
  });

  it("is not visible until every chunk is there, and resumes with only what is still missing", async () => {
    const first = await upload(5);
    expect(first.at(-1)?.state).toBe("incomplete");
    expect(await portal.hasManifest("test", "v1")).toBe(false);
    const before = await receiveManifest(portal, envelope, target);
    const rest = await upload();
    expect(rest[0]).toEqual(before);
    const total = (await source.listChunks()).length;
    expect(before.state === "incomplete" && before.missingTotal).toBe(total - 5);
    expect(rest.at(-1)?.state).toBe("published");
  });

  it("refuses a chunk whose bytes do not match its name, and stores nothing", async () => {
    const {
      missing: [wanted],
    } = (await receiveManifest(portal, envelope, target)) as { missing: string[] };
    const other = compressChunk(Buffer.from("autre chose"));
    await expect(receiveChunk(portal, wanted as string, other)).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("empreinte SHA-256 incorrecte"),
    });
    expect(portal.hasChunk(wanted as string)).toBe(false);
  });

  it("refuses a zstd bomb before it inflates past the largest chunk", async () => {
    const bomb = compressChunk(Buffer.alloc(17 << 20));
    expect(bomb.length).toBeLessThan(4096);
    await expect(receiveChunk(portal, "0".repeat(64), bomb)).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("illisible"),
    });
    expect(portal.hasChunk("0".repeat(64))).toBe(false);
  });

  it("refuses a manifest signed by an unknown key, or altered after signing, before reading it", async () => {
    const rogue = generateSigningKey();
    const forged = signManifest(envelope.signed as never, rogue.privateKeyPem);
    await expect(receiveManifest(portal, forged, target)).rejects.toMatchObject({
      code: "forbidden",
      problem: "unknown_key",
    });
    const altered = { ...envelope, signed: { ...envelope.signed, sha256: "f".repeat(64) } };
    await expect(receiveManifest(portal, altered, target)).rejects.toMatchObject({
      problem: "bad_signature",
    });
    expect(await portal.listChunks()).toEqual([]);
  });

  it("refuses a manifest sent to another version's address, and a second content for a published version", async () => {
    await expect(receiveManifest(portal, envelope, { ...target, version: "v2" })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("test v1"),
    });
    await upload();
    const other = signManifest(
      { ...envelope.signed, created: "2026-12-07T10:00:00.000Z" } as never,
      key.privateKeyPem,
    );
    await expect(receiveManifest(portal, other, target)).rejects.toMatchObject({ code: "conflict" });
  });
});
