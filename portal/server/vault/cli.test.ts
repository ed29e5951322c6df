import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { openDatabase } from "@tremplin/db/client";
import { migrate } from "@tremplin/db/migrate";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendVaultEntry } from "./append-vault-entry";
import { publishCheckpoint } from "./publish-checkpoint";
import { issuedEntry, testVaultKeys } from "./test-fixtures";
import { startOpensslTsa, type TestTsa } from "./test-timestamper";
import { loadOrCreateVaultKeys } from "./vault-keys";

const bin = fileURLToPath(new URL("../../bin/tremplin-vault.mjs", import.meta.url));
let dir: string;
let tsa: TestTsa;

/** Runs the real command, as an operator would: exit code and both outputs. */
async function vault(args: string[], env: Record<string, string> = {}) {
  const result = await promisify(execFile)(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH, NODE_ENV: "test", TREMPLIN_DATA_DIR: dir, ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
  return result;
}

async function withDatabase(work: (db: Awaited<ReturnType<typeof openDatabase>>["db"]) => Promise<void>) {
  const database = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "db") });
  try {
    await work(database.db);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vault-cli-"));
  tsa = await startOpensslTsa();
  const keys = await loadOrCreateVaultKeys(
    path.join(dir, "secrets", "vault", "keys.json"),
    "tremplin.test/api/v1/vault",
  );
  await withDatabase(async (db) => {
    await migrate(db);
    for (let n = 0; n < 5; n++) {
      await db.transaction((tx) => appendVaultEntry(tx, issuedEntry(n), keys));
      await publishCheckpoint(db, {
        keys,
        timestamper: tsa,
        now: () => new Date(),
        log: { error: () => {} },
      });
    }
  });
});
afterAll(async () => {
  await tsa?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("tremplin-vault", () => {
  it("verify: a sound log exits 0; the latest checkpoint prints", async () => {
    const ok = await vault(["verify"]);
    expect(ok.stdout).toContain("Journal de preuves : 5 entrées, 5 points de contrôle");
    expect(ok.stdout).toContain("✓ intègre");
    expect(ok.code).toBe(0);
    const checkpoint = await vault(["checkpoint"]);
    expect(checkpoint.stdout).toMatch(
      /^tremplin\.test\/api\/v1\/vault\n5\n[A-Za-z0-9+/]{43}=\n\n— tremplin\.test\/api\/v1\/vault /,
    );
  });

  it("verify: an entry altered behind the triggers' back exits 3 naming it", async () => {
    await withDatabase(async (db) => {
      await db.execute(sql`alter table vault_entries disable trigger user`);
      await db.execute(
        sql`update vault_entries set entry = convert_to(replace(convert_from(entry, 'UTF8'), 'TEST-000003', 'TEST-000009'), 'UTF8') where leaf_index = 3`,
      );
      await db.execute(sql`alter table vault_entries enable trigger user`);
    });
    const altered = await vault(["verify"]);
    expect(altered.stdout).toContain(
      "✗ entrée n° 3 : son contenu ne correspond plus à son empreinte (modifiée)",
    );
    expect(altered.code).toBe(3);
  });

  it("exits 1 on bad usage or a bad key, 2 when the database is out of reach", async () => {
    expect((await vault(["frobnicate"])).code).toBe(1);
    const badKey = await vault(["verify", "--key", "not-a-key"]);
    expect(badKey.stderr).toContain("clé de vérification illisible");
    expect(badKey.code).toBe(1);
    const down = await vault(["verify"], { DATABASE_URL: "postgres://nobody:x@127.0.0.1:1/none" });
    expect(down.stderr).toContain("PostgreSQL injoignable");
    expect(down.code).toBe(2);
    const keyless = await vault(["verify", "--portal", "http://127.0.0.1:1/api/v1/vault"]);
    expect(keyless.stderr).toContain("--portal va avec verify et --key");
    expect(keyless.code).toBe(1);
    const key = testVaultKeys().verifierKey;
    const unreachable = await vault(["verify", "--portal", "http://127.0.0.1:1/api/v1/vault", "--key", key]);
    expect(unreachable.stderr).toContain("Portail injoignable");
    expect(unreachable.code).toBe(2);
  });
});
