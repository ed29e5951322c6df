import type { Database } from "@tremplin/db/client";
import { readEntries } from "@tremplin/db/queries/vault";
import { createTestDatabase } from "@tremplin/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendVaultEntry } from "./append-vault-entry";
import { parseCheckpoint } from "./checkpoint";
import { hashLeaf, verifyConsistency, verifyInclusion } from "./merkle";
import { memoryNodeReader, treeRoot } from "./merkle-proofs";
import { verifyProofBundle } from "./proof-bundle";
import { publishCheckpoint } from "./publish-checkpoint";
import { openNote, parseVerifierKey } from "./signed-note";
import { issuedEntry, testVaultKeys } from "./test-fixtures";
import { startOpensslTsa, type TestTsa } from "./test-timestamper";
import { decodeEntryBundle } from "./tile-path";
import { vaultRoutes } from "./vault-routes";

const keys = testVaultKeys(11);
const size = 300;
let database: Database;
let tsa: TestTsa;
let api: ReturnType<typeof vaultRoutes>;
const base = "http://portal.test/api/v1/vault";
const get = (path: string) => new Request(`${base}/${path}`);
const params = <T>(value: T) => ({ params: Promise.resolve(value) });
const bytes = async (response: Response) => new Uint8Array(await response.arrayBuffer());

beforeAll(async () => {
  [database, tsa] = await Promise.all([createTestDatabase(), startOpensslTsa()]);
  api = vaultRoutes({ getDb: async () => database.db, getVerifierKey: async () => keys.verifierKey });
  await database.db.transaction(async (tx) => {
    for (let n = 0; n < size; n++) await appendVaultEntry(tx, issuedEntry(n), keys);
  });
  const log = { error: () => {} };
  await publishCheckpoint(database.db, { keys, timestamper: tsa, now: () => new Date(), log });
});
afterAll(async () => {
  await database?.close();
  await tsa?.close();
});

async function tile(path: string): Promise<Response> {
  return api.tile(get(`tile/${path}`), params({ path: path.split("/") }));
}

describe("/api/v1/vault", () => {
  it("serves the signed checkpoint, briefly cacheable, and the key that verifies it", async () => {
    const response = await api.checkpoint(get("checkpoint"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=5");
    const key = (await (await api.key(get("key"))).text()).trim();
    const checkpoint = parseCheckpoint(openNote(await response.text(), [parseVerifierKey(key)]).text);
    expect(checkpoint).toMatchObject({ origin: keys.origin, size });
  });

  it("serves tiles and entry bundles from which a client rebuilds the signed root", async () => {
    const full = await tile("0/000");
    expect(full.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const partial = await tile("0/001.p/44");
    expect(partial.headers.get("cache-control")).toBe("public, max-age=5");
    const level0 = Buffer.concat([await bytes(full), await bytes(partial)]);
    expect(level0.length).toBe(size * 32);
    const leafHashes = Array.from(
      { length: size },
      (_, i) => new Uint8Array(level0.subarray(i * 32, i * 32 + 32)),
    );
    const entries = [
      ...decodeEntryBundle(await bytes(await tile("entries/000"))),
      ...decodeEntryBundle(await bytes(await tile("entries/001.p/44"))),
    ];
    expect(entries.map(hashLeaf)).toEqual(leafHashes);
    const upper = await bytes(await tile("1/000.p/1"));
    const read = memoryNodeReader(leafHashes);
    expect(upper).toEqual(read(8, 0));
    const note = await (await api.checkpoint(get("checkpoint"))).text();
    expect(treeRoot(size, read)).toEqual(
      parseCheckpoint(openNote(note, [parseVerifierKey(keys.verifierKey)]).text).rootHash,
    );
  });

  it("answers 404 for a tile the published tree does not hold or a path the spec does not allow", async () => {
    for (const path of [
      "0/002",
      "0/001",
      "0/001.p/45",
      "0/000.p/12",
      "1/000",
      "entries/001.p/45",
      "0/1",
      "0/x000/001",
    ])
      expect((await tile(path)).status, path).toBe(404);
  });

  it("serves inclusion and consistency proofs that verify against the checkpoint", async () => {
    const note = await (await api.checkpoint(get("checkpoint"))).text();
    const { rootHash } = parseCheckpoint(openNote(note, [parseVerifierKey(keys.verifierKey)]).text);
    const [entry] = await readEntries(database.db, 123, 124);
    const response = await api.inclusion(get(`proof/123?size=${size}`), params({ leafIndex: "123" }));
    const body = (await response.json()) as { treeSize: number; inclusionProof: string[] };
    const proof = body.inclusionProof.map((h) => new Uint8Array(Buffer.from(h, "base64")));
    expect(verifyInclusion(123, size, hashLeaf(entry!), proof, rootHash)).toBe(true);
    expect((await api.inclusion(get("proof/300"), params({ leafIndex: "300" }))).status).toBe(404);
    expect((await api.inclusion(get("proof/-1"), params({ leafIndex: "-1" }))).status).toBe(400);
    expect((await api.inclusion(get("proof/1?size=301"), params({ leafIndex: "1" }))).status).toBe(404);

    const early = await readEntries(database.db, 0, 10);
    const consistency = await api.consistency(get(`consistency?from=10&to=${size}`));
    const path = ((await consistency.json()) as { consistencyProof: string[] }).consistencyProof;
    const root10 = treeRoot(10, memoryNodeReader(early.map(hashLeaf)));
    const hashes = path.map((h) => new Uint8Array(Buffer.from(h, "base64")));
    expect(verifyConsistency(10, size, hashes, root10, rootHash)).toBe(true);
    expect((await api.consistency(get("consistency?from=20&to=10"))).status).toBe(400);
    expect((await api.consistency(get("consistency?from=1"))).status).toBe(400);
  });

  it("serves a certificate's proof bundle that verifies offline, and says when there is none yet", async () => {
    const code = issuedEntry(42).code;
    const response = await api.bundle(get(`bundle/${code}`), params({ code }));
    expect(response.status).toBe(200);
    const checks = verifyProofBundle(
      await response.json(),
      [keys.verifierKey],
      issuedEntry(42).certificateSha256,
    );
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks).toHaveLength(5);
    expect((await api.bundle(get("bundle/NOPE"), params({ code: "NOPE" }))).status).toBe(404);
    expect((await api.bundle(get("bundle/100%25"), params({ code: "100%" }))).status).toBe(404);
    expect((await api.bundle(get("bundle/x"), params({ code: "x".repeat(65) }))).status).toBe(400);
    await database.db.transaction((tx) => appendVaultEntry(tx, issuedEntry(9999), keys));
    const pending = issuedEntry(9999).code;
    expect((await api.bundle(get(`bundle/${pending}`), params({ code: pending }))).status).toBe(503);
  });

  it("serves the checkpoint's time-stamp as a TimeStampResp for a given size", async () => {
    const response = await api.checkpointTimestamp(get(`checkpoint.tsr?size=${size}`));
    expect(response.headers.get("content-type")).toBe("application/timestamp-reply");
    expect(response.headers.get("x-tree-size")).toBe(String(size));
    expect((await bytes(response))[0]).toBe(0x30);
    expect((await api.checkpointTimestamp(get("checkpoint.tsr?size=7"))).status).toBe(404);
  });
});
