import { readFileSync } from "node:fs";
import path from "node:path";
import { kioskRoot } from "./paths";

/** The agent's version, from its package.json (reported in heartbeats and at registration). */
export const agentVersion: string = (
  JSON.parse(readFileSync(path.join(kioskRoot, "package.json"), "utf8")) as { version: string }
).version;
