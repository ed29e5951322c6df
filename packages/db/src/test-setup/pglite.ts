import type { TestProject } from "vitest/node";
import { openDatabase } from "../client";
import { migrate } from "../migrate";

/** Global setup: migrate once in memory, hand every test file a copy of the result. */
export default async function setup(project: TestProject) {
  const database = await openDatabase({ kind: "pglite", dataDir: null });
  await migrate(database.db);
  const dump = await database.dump!();
  await database.close();
  project.provide("pgliteTemplate", Buffer.from(await dump.arrayBuffer()).toString("base64"));
}
