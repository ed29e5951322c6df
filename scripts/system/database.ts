import { type Database, openDatabase } from "@tremplin/db/client";
import { databaseOptionsFromEnv } from "@tremplin/db/config";
import { migrate } from "@tremplin/db/migrate";
import type { PortalEnv } from "@tremplin/portal/env";

/** Opens the database the settings name and migrates it: the first thing to fail on a bad setting. */
export async function openMigrated(env: PortalEnv): Promise<{ database: Database; applied: string[] }> {
  const database = await openDatabase(databaseOptionsFromEnv(env, (p) => p));
  try {
    const { applied } = await migrate(database.db);
    return { database, applied };
  } catch (error) {
    await database.close();
    throw error;
  }
}
