import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Database } from "./client";
import { loadMigrations, migrate } from "./migrate";
import { readOnlyRow, readRows } from "./rows";
import { createTestDatabase } from "./testing";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const tableCount = async () =>
  readOnlyRow(
    await database.db.execute(
      sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
    ),
    z.object({ n: z.number() }),
  ).n;

describe("migrate", () => {
  it("has created every table of the schema and records what it applied", async () => {
    expect(await tableCount()).toBeGreaterThanOrEqual(20);
    const tags = readRows(
      await database.db.execute(sql`select tag from tremplin_migrations`),
      z.object({ tag: z.string() }),
    );
    expect(tags.map((t) => t.tag)).toContain("0000_init");
  });

  it("applies nothing the second time", async () => {
    expect(await migrate(database.db)).toEqual({ applied: [] });
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const migrations = loadMigrations();
    const tampered = migrations.map((m) => ({ ...m, checksum: `${m.checksum}x` }));
    await expect(migrate(database.db, tampered)).rejects.toThrow(/modifiée après son application/);
  });

  it("rolls back every statement of a failing batch: nothing half-migrated", async () => {
    const before = await tableCount();
    const broken = [
      ...loadMigrations(),
      { tag: "9998_ok", checksum: "a", statements: ["create table half_done (id int)"] },
      { tag: "9999_broken", checksum: "b", statements: ["create table oops (id int", "select 1"] },
    ];
    await expect(migrate(database.db, broken)).rejects.toThrow();
    expect(await tableCount()).toBe(before);
    const tags = readRows(
      await database.db.execute(sql`select tag from tremplin_migrations`),
      z.object({ tag: z.string() }),
    );
    expect(tags.map((t) => t.tag)).not.toContain("9998_ok");
  });
});
