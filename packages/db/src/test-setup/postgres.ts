import { startPostgres } from "@tremplin/testkit/postgres";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../client";
import { migrate } from "../migrate";

/**
 * Global setup: a throw-away PostgreSQL cluster (Debian's packages), migrated once into a
 * template database that each test file clones. Stopped when the run ends.
 */
export default async function setup(project: TestProject) {
  const cluster = await startPostgres();
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query("create database tremplin_template");
  await admin.end();
  const database = await openDatabase({ kind: "postgres", url: cluster.url("tremplin_template") });
  await migrate(database.db);
  await database.close();
  project.provide("postgresUrl", cluster.url());
  return () => cluster.stop();
}
