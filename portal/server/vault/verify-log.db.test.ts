import type { Database } from "@tremplin/db/client";
import { createTestDatabase } from "@tremplin/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appendVaultEntry } from "./append-vault-entry";
import { publishCheckpoint } from "./publish-checkpoint";
import { parseVerifierKey } from "./signed-note";
import { issuedEntry, testVaultKeys } from "./test-fixtures";
import { startOpensslTsa, type TestTsa } from "./test-timestamper";
import { verifyLog } from "./verify-log";

const keys = testVaultKeys(21);
const verifiers = [parseVerifierKey(keys.verifierKey)];
let tsa: TestTsa;
let database: Database;
beforeAll(async () => {
  tsa = await startOpensslTsa();
});
afterAll(() => tsa?.close());
afterEach(() => database?.close());

/** A log of `size` entries with a checkpoint after each one, as an auditor finds it. */
async function buildLog(size: number): Promise<Database> {
  database = await createTestDatabase();
  const deps = { keys, timestamper: tsa, now: () => new Date(), log: { error: () => {} } };
  for (let n = 0; n < size; n++) {
    await database.db.transaction((tx) => appendVaultEntry(tx, issuedEntry(n), keys));
    await publishCheckpoint(database.db, deps);
  }
  return database;
}

/** What an attacker with the database's owner rights does: switch the append-only guard off. */
async function tamper(db: Database["db"], statements: ReturnType<typeof sql>[]) {
  await db.execute(sql`alter table vault_entries disable trigger user`);
  for (const statement of statements) await db.execute(statement);
  await db.execute(sql`alter table vault_entries enable trigger user`);
}

const messages = (report: Awaited<ReturnType<typeof verifyLog>>) => report.problems.map((p) => p.message);

describe("verifyLog", () => {
  it("finds nothing wrong in an untouched log", async () => {
    const { db } = await buildLog(12);
    expect(await verifyLog(db, verifiers)).toEqual({ size: 12, checkpoints: 12, problems: [] });
  });

  it("names an entry whose bytes were altered", async () => {
    const { db } = await buildLog(10);
    await tamper(db, [
      sql`update vault_entries set entry = convert_to(replace(convert_from(entry, 'UTF8'), 'TEST-000005', 'TEST-999999'), 'UTF8') where leaf_index = 5`,
    ]);
    const report = await verifyLog(db, verifiers);
    expect(report.problems[0]).toEqual({
      leaf: 5,
      message: "entrée n° 5 : son contenu ne correspond plus à son empreinte (modifiée)",
    });
    expect(messages(report).join("\n")).toMatch(/racine recalculée diffère .* entre les n° 5 et 5/);
  });

  it("names the entry even when its stored hash was recomputed to match, from the signed checkpoints", async () => {
    const { db } = await buildLog(10);
    await tamper(db, [
      sql`update vault_entries set entry = convert_to(replace(convert_from(entry, 'UTF8'), 'TEST-000004', 'TEST-999999'), 'UTF8'), code = 'TEST-999999' where leaf_index = 4`,
      sql`update vault_entries set leaf_hash = sha256('\\x00'::bytea || entry) where leaf_index = 4`,
    ]);
    const report = await verifyLog(db, verifiers);
    expect(report.problems[0]).toMatchObject({ leaf: 4 });
    expect(report.problems[0]!.message).toMatch(
      /^point de contrôle de 5 entrées : la racine recalculée diffère .* entre les n° 4 et 4$/,
    );
  });

  it("names a deleted entry", async () => {
    const { db } = await buildLog(10);
    await tamper(db, [sql`delete from vault_entries where leaf_index = 6`]);
    const report = await verifyLog(db, verifiers);
    expect(report.problems[0]).toEqual({
      leaf: 6,
      message: "entrée n° 6 absente (la suivante trouvée est n° 7) : supprimée ?",
    });
  });

  it("names two entries swapped", async () => {
    const { db } = await buildLog(10);
    await tamper(db, [
      sql`update vault_entries set leaf_index = -1 where leaf_index = 2`,
      sql`update vault_entries set leaf_index = 2 where leaf_index = 8`,
      sql`update vault_entries set leaf_index = 8 where leaf_index = -1`,
    ]);
    const named = (await verifyLog(db, verifiers)).problems.filter((p) =>
      /déplacée ou permutée/.test(p.message),
    );
    expect(named.map((p) => p.message)).toEqual([
      "entrée n° 2 : elle a été écrite au n° 8 (déplacée ou permutée)",
      "entrée n° 8 : elle a été écrite au n° 2 (déplacée ou permutée)",
    ]);
  });

  it("notices entries cut off the end, counter and all", async () => {
    const { db } = await buildLog(6);
    await db.execute(sql`alter table vault_counter disable trigger user`);
    await db.execute(sql`update vault_counter set size = 4`);
    await tamper(db, [sql`delete from vault_entries where leaf_index >= 4`]);
    const report = await verifyLog(db, verifiers);
    expect(messages(report)).toContain(
      "point de contrôle de 6 entrées, mais le journal n'en a que 4 : entrées supprimées en fin de journal ?",
    );
  });

  it("rejects checkpoints under another key", async () => {
    const { db } = await buildLog(2);
    const other = testVaultKeys(22);
    const report = await verifyLog(db, [parseVerifierKey(other.verifierKey)]);
    expect(messages(report)).toContain("point de contrôle de 2 entrées : aucune signature d'une clé connue");
  });
});
