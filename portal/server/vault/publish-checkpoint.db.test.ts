import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { verifyCheckpoint } from "@sigstore/verify/dist/tlog/checkpoint.js";
import { verifyMerkleInclusion } from "@sigstore/verify/dist/tlog/merkle.js";
import type { Database } from "@tremplin/db/client";
import { listCheckpoints, readEntries } from "@tremplin/db/queries/vault";
import { createTestDatabase } from "@tremplin/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appendVaultEntry } from "./append-vault-entry";
import { startCheckpointPublisher } from "./checkpoint-publisher";
import { inclusionProofAt, rootAt } from "./log-store";
import { type PublishDeps, publishCheckpoint } from "./publish-checkpoint";
import { parseVerifierKey } from "./signed-note";
import { issuedEntry, testVaultKeys } from "./test-fixtures";
import { startOpensslTsa, type TestTsa } from "./test-timestamper";
import { timestampResponse } from "./timestamp-token";

const run = promisify(execFile);
const keys = testVaultKeys();
let database: Database;
let tsa: TestTsa;
const errors: object[] = [];
const log = { error: (details: object) => errors.push(details), warn: () => {} };
const deps = (now = new Date()): PublishDeps => ({ keys, timestamper: tsa, now: () => now, log });

beforeAll(async () => {
  [database, tsa] = await Promise.all([createTestDatabase(), startOpensslTsa()]);
});
afterAll(async () => {
  await database?.close();
  await tsa?.close();
});

const append = (n: number) => database.db.transaction((tx) => appendVaultEntry(tx, issuedEntry(n), keys));

/**
 * sigstore-js's own signed-note checkpoint verifier (written for Rekor, by other people): it looks
 * a key up by the first four bytes of its log ID and the signer's name, then checks Ed25519.
 */
function sigstoreCheckpoint(note: string) {
  const { keyId, publicKey } = parseVerifierKey(keys.verifierKey);
  const logID = Buffer.alloc(32);
  logID.writeUInt32BE(keyId);
  const entry = { inclusionProof: { checkpoint: { envelope: note } } };
  const authority = {
    logID,
    publicKey,
    baseURL: `https://${keys.origin}`,
    validFor: { start: new Date(0), end: new Date(8.64e15) },
  };
  // biome-ignore lint/suspicious/noExplicitAny: sigstore's entry type is a protobuf message; only these fields are read.
  return verifyCheckpoint(entry as any, [authority as any]);
}

describe("publishCheckpoint", () => {
  it("publishes the empty log, then each new size, and nothing when the log has not grown", async () => {
    const empty = await publishCheckpoint(database.db, deps());
    expect(empty).toMatchObject({ status: "published", checkpoint: { treeSize: 0 } });
    for (const n of [0, 1, 2]) await append(n);
    const three = await publishCheckpoint(database.db, deps());
    expect(three).toMatchObject({ status: "published", checkpoint: { treeSize: 3 } });
    expect(await publishCheckpoint(database.db, deps())).toMatchObject({ status: "unchanged" });
    expect((await listCheckpoints(database.db)).map((c) => c.treeSize)).toEqual([0, 3]);
  });

  it("writes checkpoints that an independent signed-note verifier (sigstore-js) accepts, with a matching root", async () => {
    const [, latest] = await listCheckpoints(database.db);
    const checkpoint = sigstoreCheckpoint(latest!.note);
    expect(checkpoint.origin).toBe(keys.origin);
    expect(checkpoint.logSize).toBe(3n);
    expect(new Uint8Array(checkpoint.logHash)).toEqual(await rootAt(database.db, 3));
    expect(() => sigstoreCheckpoint(latest!.note.replace("\n3\n", "\n4\n"))).toThrow(/signature/);
    // sigstore-js's RFC 6962 inclusion check, on a proof computed from the stored hashes.
    const [entry] = await readEntries(database.db, 1, 2);
    const hashes = await inclusionProofAt(database.db, 1, 3);
    const proofEntry = {
      canonicalizedBody: Buffer.from(entry!),
      inclusionProof: { logIndex: "1", hashes: hashes.map((h) => Buffer.from(h)) },
    };
    // biome-ignore lint/suspicious/noExplicitAny: only the fields above are read.
    expect(() => verifyMerkleInclusion(proofEntry as any, checkpoint)).not.toThrow();
  });

  it("time-stamps each checkpoint with a token that `openssl ts -verify` accepts for the served bytes", async () => {
    const [, latest] = await listCheckpoints(database.db);
    const note = path.join(tsa.dir, "checkpoint");
    const reply = path.join(tsa.dir, "checkpoint.tsr");
    await writeFile(note, latest!.note);
    await writeFile(reply, timestampResponse(latest!.timestampToken));
    const { stdout } = await run("openssl", [
      "ts",
      "-verify",
      "-in",
      reply,
      "-data",
      note,
      "-CAfile",
      tsa.certificatePath,
    ]);
    expect(stdout).toContain("Verification: OK");
    await writeFile(note, latest!.note.replace("\n3\n", "\n4\n"));
    await expect(
      run("openssl", ["ts", "-verify", "-in", reply, "-data", note, "-CAfile", tsa.certificatePath]),
    ).rejects.toThrow();
  });

  it("refuses and logs a checkpoint whose clock reads earlier than the last one's", async () => {
    await append(3);
    const [, latest] = await listCheckpoints(database.db);
    const earlier = new Date(latest!.signedAt.getTime() - 60_000);
    expect(await publishCheckpoint(database.db, deps(earlier))).toEqual({
      status: "refused",
      reason: "horloge en arrière",
    });
    expect(errors.at(-1)).toMatchObject({ reason: "horloge en arrière" });
    expect((await listCheckpoints(database.db)).map((c) => c.treeSize)).toEqual([0, 3]);
  });

  it("refuses to sign a tree that does not extend the last checkpoint (stored rows rewritten)", async () => {
    const { db } = database;
    const before = (await listCheckpoints(db)).map((c) => c.treeSize);
    await db.execute(sql`alter table vault_entries disable trigger user`);
    await db.execute(sql`update vault_entries set leaf_hash = sha256(leaf_hash) where leaf_index = 1`);
    try {
      await append(5);
      const refused = await publishCheckpoint(db, deps());
      expect(refused).toEqual({
        status: "refused",
        reason: "journal incohérent avec le dernier point de contrôle",
      });
      expect(errors.at(-1)).toMatchObject({
        detail: expect.stringMatching(/ne prolonge pas celui de 3 entrées signé/),
      });
      expect((await listCheckpoints(db)).map((c) => c.treeSize)).toEqual(before);
    } finally {
      await db.execute(
        sql`update vault_entries set leaf_hash = sha256('\\x00'::bytea || entry) where leaf_index = 1`,
      );
      await db.execute(sql`alter table vault_entries enable trigger user`);
    }
  });

  it("records nothing while the time-stamp authority is down", async () => {
    const down = { stamp: () => Promise.reject(new Error("TSA injoignable")) };
    await expect(publishCheckpoint(database.db, { ...deps(), timestamper: down })).rejects.toThrow(
      /injoignable/,
    );
    expect((await listCheckpoints(database.db)).map((c) => c.treeSize)).toEqual([0, 3]);
  });

  it("lets one process of several sign, by a lease in the database", async () => {
    const options = {
      getDb: async () => database.db,
      getKeys: async () => keys,
      getTimestamper: async () => tsa,
      log,
      intervalMs: 3_600_000,
    };
    const [first, second] = [startCheckpointPublisher(options), startCheckpointPublisher(options)];
    try {
      expect(await first.publishNow()).toMatchObject({ status: "published", checkpoint: { treeSize: 5 } });
      expect(await second.publishNow()).toBeUndefined();
      expect(await first.publishNow()).toMatchObject({ status: "unchanged" });
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it("publishes on its own, every interval, while entries arrive", async () => {
    const publisher = startCheckpointPublisher({
      getDb: async () => database.db,
      getKeys: async () => keys,
      getTimestamper: async () => tsa,
      log,
      intervalMs: 50,
      leaseMs: 60_000,
    });
    try {
      await append(10);
      await vi.waitFor(async () => expect((await listCheckpoints(database.db)).at(-1)!.treeSize).toBe(6), {
        timeout: 10_000,
      });
      await append(11);
      await vi.waitFor(async () => expect((await listCheckpoints(database.db)).at(-1)!.treeSize).toBe(7), {
        timeout: 10_000,
      });
    } finally {
      await publisher.stop();
    }
  });
});
