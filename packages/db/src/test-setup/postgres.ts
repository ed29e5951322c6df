import { startPostgres } from "@tremplin/testkit/postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../client";
import { migrate } from "../migrate";

/**
 * Global setup: a throw-away PostgreSQL cluster (Debian's packages), migrated once into a
 * template database that each test file clones. Stopped when the run ends.
 */
export default async function setup(project: TestProject) {
  const cluster = await startPostgres();
  const database = await openDatabase({
    kind: "postgres",
    url: await cluster.createDatabase("tremplin_template"),
  });
  await migrate(database.db);
  await database.close();
  project.provide("postgresUrl", cluster.url());
  return () => cluster.stop();
}
