import "server-only";
import { type Directory, openDirectory } from "@tremplin/directory/client";
import { env } from "@/env";
import { log } from "./log";

const holder = globalThis as typeof globalThis & { __tremplinDirectory?: Promise<Directory> };

/** The process's directory client (connections are reused), or undefined when none is configured. */
export function findDirectory(): Promise<Directory> | undefined {
  const config = env().directory;
  if (!config) return undefined;
  holder.__tremplinDirectory ??= openDirectory(config, { logger: log.child({ component: "directory" }) });
  return holder.__tremplinDirectory;
}
