import type { Database } from "@tremplin/db/client";
import { resultRows } from "@tremplin/db/migrate";
import { listNodes, readLeafHashes, vaultSize } from "@tremplin/db/queries/vault";
import { createTestDatabase } from "@tremplin/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendVaultEntry } from "./append-vault-entry";
import { decodeEntry } from "./entry";
import { inclusionProofAt, rootAt } from "./log-store";
import { hashChildren, hashLeaf, splitPoint, verifyInclusion } from "./merkle";
import { issuedEntry, testVaultKeys } from "./test-fixtures";

const keys = testVaultKeys();
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

function naiveRoot(hashes: Uint8Array[]): Uint8Array {
  if (hashes.length === 1) return hashes[0]!;
  const k = splitPoint(hashes.length);
  return hashChildren(naiveRoot(hashes.slice(0, k)), naiveRoot(hashes.slice(k)));
}

describe("appendVaultEntry", () => {
  it("hands out indices without gaps to concurrent appenders, a rolled-back one leaving no hole", async () => {
    const { db } = database;
    const attempts = Array.from({ length: 30 }, (_, n) =>
      db
        .transaction(async (tx) => {
          const { leafIndex } = await appendVaultEntry(tx, issuedEntry(n), keys);
          if (n % 7 === 3) throw new Error("issuance failed after the append");
          return leafIndex;
        })
        .catch(() => undefined),
    );
    const indices = (await Promise.all(attempts)).filter((i) => i !== undefined).sort((a, b) => a - b);
    expect(indices).toEqual(Array.from({ length: 26 }, (_, i) => i));
    expect(await vaultSize(db)).toBe(26);
    const stored = resultRows<{ leaf_index: number | string }>(
      await db.execute(sql`select leaf_index from vault_entries order by leaf_index`),
    );
    expect(stored.map((r) => Number(r.leaf_index))).toEqual(indices);
  });

  it("stores each entry's canonical bytes and leaf hash, the entry naming its own index", async () => {
    const { db } = database;
    const { leafIndex } = await db.transaction((tx) => appendVaultEntry(tx, issuedEntry(1000), keys));
    const [row] = resultRows<{ entry: Uint8Array; leaf_hash: Uint8Array }>(
      await db.execute(sql`select entry, leaf_hash from vault_entries where leaf_index = ${leafIndex}`),
    );
    const entry = decodeEntry(new Uint8Array(row!.entry));
    expect(entry).toMatchObject({ kind: "issued", code: "TEST-001000", leafIndex });
    expect(new Uint8Array(row!.leaf_hash)).toEqual(hashLeaf(new Uint8Array(row!.entry)));
  });

  it("stores the upper tile level as blocks of 256 fill, and proofs from it match a naive tree", async () => {
    const { db } = database;
    await db.transaction(async (tx) => {
      for (let n = await vaultSize(tx); n < 530; n++) await appendVaultEntry(tx, issuedEntry(n), keys);
    });
    const nodes = await listNodes(db);
    expect(nodes.map((n) => [n.height, n.nodeIndex])).toEqual([
      [8, 0],
      [8, 1],
    ]);
    const hashes = await readLeafHashes(db, 0, 530);
    expect(nodes[1]!.hash).toEqual(naiveRoot(hashes.slice(256, 512)));
    for (const size of [1, 255, 256, 257, 513, 530]) {
      const root = await rootAt(db, size);
      expect(root).toEqual(naiveRoot(hashes.slice(0, size)));
      const index = size - 1;
      expect(
        verifyInclusion(index, size, hashes[index]!, await inclusionProofAt(db, index, size), root),
      ).toBe(true);
    }
  });

  it("refuses a kind's missing fields before taking the log's lock", async () => {
    const before = await vaultSize(database.db);
    await expect(
      database.db.transaction((tx) => appendVaultEntry(tx, issuedEntry(1, { kind: "revoked" }), keys)),
    ).rejects.toThrow(/reason/);
    expect(await vaultSize(database.db)).toBe(before);
  });

  it("is append-only: UPDATE, DELETE and TRUNCATE are refused, and the counter never goes back", async () => {
    const { db } = database;
    // drizzle wraps the database's error: its own words are in the cause.
    const refusal = (query: Promise<unknown>) =>
      query.then(
        () => "accepted",
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    expect(await refusal(db.execute(sql`update vault_entries set code = 'X' where leaf_index = 0`))).toMatch(
      /append-only/,
    );
    expect(await refusal(db.execute(sql`delete from vault_entries where leaf_index = 0`))).toMatch(
      /append-only/,
    );
    expect(await refusal(db.execute(sql`truncate vault_entries`))).toMatch(/append-only/);
    expect(await refusal(db.execute(sql`delete from vault_nodes`))).toMatch(/append-only/);
    expect(await refusal(db.execute(sql`update vault_counter set size = 0`))).toMatch(/never goes back/);
  });
});
