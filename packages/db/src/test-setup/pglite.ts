import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { pgliteDatabase } from "../client";
import { migrate } from "../migrate";

/** Global setup: migrate once in memory, hand every test file a copy of the result. */
export default async function setup(project: TestProject) {
  const client = await PGlite.create();
  await migrate(pgliteDatabase(client, "(mémoire)").db);
  const dump = await client.dumpDataDir("none");
  await client.close();
  project.provide("pgliteTemplate", Buffer.from(await dump.arrayBuffer()).toString("base64"));
}
