import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { type Database, type Db, openDatabase, pgliteDatabase } from "./client";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base64 tarball of a migrated PGlite data folder (pglite project). */
    pgliteTemplate?: string;
    /** URL of a PostgreSQL server holding a migrated `tremplin_template` database (postgres project). */
    postgresUrl?: string;
  }
}

/**
 * A fresh, migrated database for one test file, on whichever engine the running project
 * chose: a copy of the migrated PGlite folder, or `CREATE DATABASE … TEMPLATE` on PostgreSQL.
 */
export async function createTestDatabase(): Promise<Database> {
  const postgresUrl = inject("postgresUrl");
  if (postgresUrl) {
    const name = `t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create database ${name} template tremplin_template`);
    await admin.end();
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    return openDatabase({ kind: "postgres", url: url.toString(), poolSize: 5 });
  }
  const template = inject("pgliteTemplate");
  if (!template) throw new Error("no test database provided: run through the root vitest config");
  const client = await PGlite.create({ loadDataDir: new Blob([Buffer.from(template, "base64")]) });
  return pgliteDatabase(client, "(mémoire)");
}

/**
 * The frame of a test file that works in one world: before all its tests, a fresh database and
 * the world `build` makes in it, handed to `use` (which keeps them for the tests); after all of
 * them, the world's `cleanup` and the database closed.
 */
export function setUpTestWorld<W extends { cleanup(): Promise<void> }>(
  build: (db: Db) => Promise<W>,
  use: (database: Database, world: W) => void,
): void {
  let database: Database | undefined;
  let world: W | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    world = await build(database.db);
    use(database, world);
  });
  afterAll(async () => {
    await world?.cleanup();
    await database?.close();
  });
}
