import { writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@tremplin/domain/errors";
import { publishDisk } from "@tremplin/image-format/publish-disk";
import { generateSigningKey, type TrustedKeys, trustedKeysFrom } from "@tremplin/image-format/sign";
import { ChunkStore } from "@tremplin/image-format/store";
import { withBootSignature } from "@tremplin/image-format/test-data";
import { uploadLimits } from "@tremplin/image-format/upload-api";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type UploadRouteDeps, uploadRoutes } from "./upload-routes";

const token = "t".repeat(40);
const key = generateSigningKey();
let source: ChunkStore;
let portal: ChunkStore;
let dir: string;
let cleanup: () => Promise<void>;
let envelope: unknown;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTmpDir("upload-routes-"));
  const disk = withBootSignature(Buffer.alloc(1 << 20, 7));
  await writeFile(path.join(dir, "disk.raw"), disk);
  source = new ChunkStore(path.join(dir, "source"));
  await publishDisk({
    disk: path.join(dir, "disk.raw"),
    ...{ name: "bureautique", version: "1", os: "windows", hints: {} },
    store: source,
    privateKeyPem: key.privateKeyPem,
    now: new Date("2026-12-06T10:00:00Z"),
    workDir: dir,
  });
  envelope = await source.readManifestEnvelope("bureautique", "1");
}, 60_000);
afterAll(async () => cleanup?.());
beforeEach(() => {
  portal = new ChunkStore(path.join(dir, `portal-${Math.random().toString(36).slice(2)}`));
});

const trusted = (): TrustedKeys => trustedKeysFrom([{ pem: key.publicKeyPem, source: "dsi.pub" }]);
const routes = (deps: Partial<UploadRouteDeps> = {}) =>
  uploadRoutes({
    getStore: () => portal,
    getTrustedKeys: trusted,
    token: () => token,
    holdingStoreLease: (work) => work(async () => undefined),
    ...deps,
  });
const put = (url: string, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(`http://portail.test${url}`, {
    method: "PUT",
    body,
    headers: { authorization: `Bearer ${token}`, ...headers },
    duplex: "half",
  } as RequestInit);
const params = <T>(value: T) => ({ params: Promise.resolve(value) });
const manifestParams = params({ name: "bureautique", version: "1" });

describe("PUT /api/v1/masters/:name/:version/manifest and /api/v1/chunks/:hash", () => {
  it("are closed until the portal has a publish token, and refuse any other token", async () => {
    const closed = await routes({ token: () => undefined }).manifest(
      put("/api/v1/masters/bureautique/1/manifest", JSON.stringify(envelope), {
        "content-type": "application/json",
      }),
      manifestParams,
    );
    expect(closed.status).toBe(403);
    expect((await closed.json()).error.message).toContain("TREMPLIN_PUBLISH_TOKEN");
    const wrong = await routes().chunk(
      put(`/api/v1/chunks/${"a".repeat(64)}`, "x", { authorization: `Bearer ${"w".repeat(40)}` }),
      params({ hash: "a".repeat(64) }),
    );
    expect(wrong.status).toBe(401);
    expect(await portal.listChunks()).toEqual([]);
  });

  it("answers 202 with what is missing, 201 per new chunk, 200 once published", async () => {
    const api = routes();
    const send = () =>
      api.manifest(
        put("/api/v1/masters/bureautique/1/manifest", JSON.stringify(envelope), {
          "content-type": "application/json",
        }),
        manifestParams,
      );
    for (let answer = await send(); answer.status !== 200; answer = await send()) {
      expect(answer.status).toBe(202);
      for (const sha256 of (await answer.json()).missing as string[]) {
        const bytes = (await source.findCompressedChunk(sha256)) as Buffer;
        const stored = await api.chunk(
          put(`/api/v1/chunks/${sha256}`, new Uint8Array(bytes)),
          params({ hash: sha256 }),
        );
        expect(stored.status).toBe(201);
      }
    }
    expect(await portal.listVersions()).toEqual([{ name: "bureautique", version: "1" }]);
  });

  it("refuses a chunk declared larger than the largest chunk before reading it, and a malformed hash", async () => {
    const big = await routes().chunk(
      put(`/api/v1/chunks/${"a".repeat(64)}`, "x", {
        "content-length": String(uploadLimits.compressedChunkBytes + 1),
      }),
      params({ hash: "a".repeat(64) }),
    );
    expect(big.status).toBe(413);
    const bad = await routes().chunk(put("/api/v1/chunks/ABC", "x"), params({ hash: "ABC" }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("hash");
  });

  it("says so when the portal trusts no key, and refuses a manifest no trusted key signed", async () => {
    const body = () =>
      put("/api/v1/masters/bureautique/1/manifest", JSON.stringify(envelope), {
        "content-type": "application/json",
      });
    const noKeys = await routes({
      getTrustedKeys: () => {
        throw new AppError("unavailable", "TREMPLIN_MASTER_KEYS ne nomme aucune clé");
      },
    }).manifest(body(), manifestParams);
    expect(noKeys.status).toBe(503);
    const other = generateSigningKey();
    const stranger = await routes({
      getTrustedKeys: () => trustedKeysFrom([{ pem: other.publicKeyPem, source: "autre.pub" }]),
    }).manifest(body(), manifestParams);
    expect(stranger.status).toBe(403);
    expect((await stranger.json()).error.message).toContain("clé inconnue");
    expect(await portal.listChunks()).toEqual([]);
  });

  it("takes chunks in multipart batches, each checked, and names a field that is no chunk", async () => {
    const api = routes();
    const hashes = await source.listChunks();
    const form = new FormData();
    for (const sha256 of hashes) {
      form.append(
        sha256,
        new Blob([new Uint8Array((await source.findCompressedChunk(sha256)) as Buffer)]),
        sha256,
      );
    }
    const batch = () =>
      new Request("http://portail.test/api/v1/chunks", {
        method: "POST",
        body: form,
        headers: { authorization: `Bearer ${token}` },
      });
    expect(await (await api.batch(batch())).json()).toEqual({ stored: hashes.length, present: 0 });
    expect(await (await api.batch(batch())).json()).toEqual({ stored: 0, present: hashes.length });
    expect((await portal.listChunks()).sort()).toEqual([...hashes].sort());

    const named = new FormData();
    named.append("pas-un-hash", new Blob([new Uint8Array([1])]), "x");
    const refused = await api.batch(
      new Request("http://portail.test/api/v1/chunks", {
        method: "POST",
        body: named,
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(refused.status).toBe(400);
    const lying = new FormData();
    lying.append(
      "b".repeat(64),
      new Blob([new Uint8Array((await source.findCompressedChunk(hashes[0] as string)) as Buffer)]),
      "x",
    );
    const mismatch = await api.batch(
      new Request("http://portail.test/api/v1/chunks", {
        method: "POST",
        body: lying,
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(mismatch.status).toBe(400);
    expect(portal.hasChunk("b".repeat(64))).toBe(false);
  });
});
