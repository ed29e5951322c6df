import type { Database } from "@tremplin/db/client";
import { createTestDatabase } from "@tremplin/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendVaultEntry } from "./append-vault-entry";
import { publishCheckpoint } from "./publish-checkpoint";
import { parseVerifierKey } from "./signed-note";
import { issuedEntry, testVaultKeys } from "./test-fixtures";
import { startOpensslTsa, type TestTsa } from "./test-timestamper";
import { vaultRoutes } from "./vault-routes";
import { type Fetch, verifyRemoteLog } from "./verify-remote-log";

const keys = testVaultKeys(31);
const base = "https://portal.test/api/v1/vault";
let database: Database;
let tsa: TestTsa;
let fetcher: Fetch;

beforeAll(async () => {
  [database, tsa] = await Promise.all([createTestDatabase(), startOpensslTsa()]);
  await database.db.transaction(async (tx) => {
    for (let n = 0; n < 270; n++) await appendVaultEntry(tx, issuedEntry(n), keys);
  });
  await publishCheckpoint(database.db, {
    keys,
    timestamper: tsa,
    now: () => new Date(),
    log: { error: () => {} },
  });
  // The portal's own route handlers, given real Requests: what an auditor's HTTP client reaches.
  const api = vaultRoutes({ getDb: async () => database.db, getVerifierKey: async () => keys.verifierKey });
  fetcher = async (url) => {
    const path = url.slice(base.length + 1);
    const request = new Request(url);
    if (path === "checkpoint") return api.checkpoint(request);
    if (path.startsWith("tile/"))
      return api.tile(request, { params: Promise.resolve({ path: path.slice(5).split("/") }) });
    return new Response("not found", { status: 404 });
  };
});
afterAll(async () => {
  await database?.close();
  await tsa?.close();
});

describe("verifyRemoteLog", () => {
  it("replays the whole log from the public tiles and finds it sound", async () => {
    expect(await verifyRemoteLog(base, [parseVerifierKey(keys.verifierKey)], fetcher)).toEqual({
      size: 270,
      checkpoints: 1,
      problems: [],
    });
  });

  it("refuses a checkpoint under another key", async () => {
    const report = await verifyRemoteLog(base, [parseVerifierKey(testVaultKeys(32).verifierKey)], fetcher);
    expect(report.problems.map((p) => p.message)).toEqual([
      "point de contrôle : aucune signature d'une clé connue",
    ]);
  });

  it("names an entry served altered", async () => {
    await database.db.execute(sql`alter table vault_entries disable trigger user`);
    await database.db.execute(
      sql`update vault_entries set entry = convert_to(replace(convert_from(entry, 'UTF8'), 'TEST-000260', 'TEST-000999'), 'UTF8') where leaf_index = 260`,
    );
    await database.db.execute(sql`alter table vault_entries enable trigger user`);
    const report = await verifyRemoteLog(base, [parseVerifierKey(keys.verifierKey)], fetcher);
    expect(report.problems.map((p) => p.message)).toEqual([
      "entrée n° 260 : son contenu ne correspond plus à son empreinte (modifiée)",
      "les 270 entrées servies ne donnent pas la racine signée de 270 entrées",
    ]);
  });

  it("says the portal is out of reach", async () => {
    const down: Fetch = () => Promise.reject(new Error("ECONNREFUSED"));
    await expect(verifyRemoteLog(base, [], down)).rejects.toThrow(/injoignable.*ECONNREFUSED/);
  });
});
