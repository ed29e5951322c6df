import { openDatabase } from "@tremplin/db/client";
import { databaseOptionsFromEnv } from "@tremplin/db/config";
import { migrate } from "@tremplin/db/migrate";
import { seedDemo } from "@tremplin/db/seed-demo";
import type { PortalEnv } from "../../portal/env";

/**
 * Migrates and seeds the demo data, then closes: PGlite lets one process at a time open its
 * folder, and the portal is that process once started.
 */
export async function prepareDatabase(env: PortalEnv, options: { localPasswords: boolean; now: Date }) {
  const database = await openDatabase(databaseOptionsFromEnv(env, (p) => p));
  try {
    const { applied } = await migrate(database.db);
    const seeded = await seedDemo(database.db, { now: options.now, localPasswords: options.localPasswords });
    return { location: `${database.kind} ${database.location}`, applied, seeded };
  } finally {
    await database.close();
  }
}
