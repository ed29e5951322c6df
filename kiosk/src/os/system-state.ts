import { readFile } from "node:fs/promises";
import path from "node:path";
import { type SystemState, systemStateSchema } from "@tremplin/domain/device";
import { kioskOsPaths, slotOfCmdline } from "@tremplin/image-format/kiosk-os-disk";
import { z } from "zod";

export type OsPaths = { osRelease: string; stateDir: string; cmdline: string };
export const defaultOsPaths: OsPaths = { ...kioskOsPaths, cmdline: "/proc/cmdline" };

const releaseSchema = z.object({ name: z.string(), version: z.string().min(1).max(64) });
const lastUpdateSchema = systemStateSchema.shape.lastUpdate.unwrap();

/**
 * The kiosk OS's version, the slot it booted from and what became of the last update, for the
 * heartbeat and the screen. Undefined on a post installed by hand (no kiosk OS there).
 */
export async function readSystemState(paths: OsPaths = defaultOsPaths): Promise<SystemState | undefined> {
  const release = releaseSchema.safeParse(await readJson(paths.osRelease));
  const slot = slotOfCmdline((await readFile(paths.cmdline, "utf8").catch(() => "")).trim());
  if (!release.success || !slot) return undefined;
  const last = lastUpdateSchema.safeParse(await readJson(path.join(paths.stateDir, "last-update.json")));
  return { osVersion: release.data.version, slot, lastUpdate: last.success ? last.data : null };
}

/** The trial the installer left for the next boot, if one is pending: "<slot> <version>". */
export async function readPendingTrial(
  stateDir: string,
): Promise<{ slot: string; version: string } | undefined> {
  const text = await readFile(path.join(stateDir, "trial"), "utf8").catch(() => undefined);
  const [slot, version] = (text ?? "").trim().split(/\s+/);
  return slot && version ? { slot, version } : undefined;
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch {
    return undefined;
  }
}
