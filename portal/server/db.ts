import "server-only";
import path from "node:path";
import { type Database, openDatabase } from "@tremplin/db/client";
import { databaseOptionsFromEnv } from "@tremplin/db/config";
import { migrate } from "@tremplin/db/migrate";
import { env } from "@/env";

const holder = globalThis as typeof globalThis & { __tremplinDb?: Promise<Database> };

/**
 * The process's database, opened and migrated on first use. A failed open is not cached:
 * when PostgreSQL comes back, the next request reconnects without restarting the portal.
 */
export function getDatabase(): Promise<Database> {
  if (!holder.__tremplinDb) {
    const options = databaseOptionsFromEnv(env(), (p) => path.resolve(p));
    holder.__tremplinDb = openDatabase(options).then(async (database) => {
      await migrate(database.db);
      return database;
    });
    holder.__tremplinDb.catch(() => {
      holder.__tremplinDb = undefined;
    });
  }
  return holder.__tremplinDb;
}

export async function getDb() {
  return (await getDatabase()).db;
}
