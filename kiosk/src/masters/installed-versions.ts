import { access, constants, readFile } from "node:fs/promises";
import path from "node:path";
import { kioskOsPaths, partitions, slots } from "@tremplin/image-format/kiosk-os-disk";
import { chunksFromDisk, type LocalChunks } from "@tremplin/image-format/local-chunks";
import { type Manifest, manifestSchema } from "@tremplin/image-format/manifest";
import type { Logger } from "pino";
import { listMasters } from "./catalog";

/** Beside a synced version's disk: its whole verified manifest, so later versions can reuse its chunks. */
export const indexFileName = "index.json";
/** Beside it: the manifest's signed envelope, as the portal or relay served it. */
export const signedManifestFileName = "manifest.signed.json";

/** The manifest a synced version was assembled from, or undefined (copied by hand, or unreadable). */
export async function findInstalledManifest(
  dir: string,
  log?: Logger,
  fileName = indexFileName,
): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, fileName), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed = manifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    log?.warn({ dir, err: parsed.error.issues[0]?.message }, "unreadable index.json ignored");
  return parsed.success ? parsed.data : undefined;
}

/**
 * Every raw disk a synced version left on the post, as a source of chunks by offset: any master,
 * not just older versions of the same one (two masters built on one Windows share most chunks).
 * Runs of chunks that follow each other as in the new version are copied without a hash each;
 * the whole-disk hash covers them, and a mismatch makes the assembly check every chunk again
 * (`assembleDisk`, decision 024).
 */
export async function installedChunkSources(
  mastersDir: string,
  log?: Logger,
  osSlots: OsSlots = kioskOsSlots,
): Promise<{ sources: LocalChunks[]; hashes: Set<string>; close: () => Promise<void> }> {
  const opened: (LocalChunks & { close(): Promise<void> })[] = [];
  const hashes = new Set<string>();
  // On a kiosk-OS post, its own system slots too: a new OS version then fetches only what changed.
  for (const slot of slots) {
    const device = osSlots.device(slot);
    const manifest = await findInstalledManifest(osSlots.indexDir, log, `slot-${slot}.index.json`);
    if (!manifest || !(await readable(device))) continue;
    for (const [, , sha256] of manifest.chunks) hashes.add(sha256);
    opened.push(chunksFromDisk(manifest, device));
  }
  for (const master of await listMasters(mastersDir)) {
    if (master.format !== "raw" || !master.isVerified) continue;
    const manifest = await findInstalledManifest(master.dir, log);
    if (!manifest) continue;
    for (const [, , sha256] of manifest.chunks) hashes.add(sha256);
    opened.push(chunksFromDisk(manifest, master.disk));
  }
  return {
    sources: opened,
    hashes,
    close: async () => {
      for (const source of opened) await source.close();
    },
  };
}

/**
 * A kiosk-OS post's system slots as chunk sources: the index of the version each slot holds
 * (left by the build for slot A, by the installer after an update) and the slot's partition,
 * readable by the agent's group (udev rule). The running slot is mounted and has changed since:
 * its chunks are checked by hash like any local chunk, and the ones that changed are fetched.
 */
export type OsSlots = { indexDir: string; device: (slot: "a" | "b") => string };
const kioskOsSlots: OsSlots = {
  indexDir: kioskOsPaths.stateDir,
  device: (slot) => `/dev/disk/by-partlabel/${partitions[slot].label}`,
};

async function readable(file: string): Promise<boolean> {
  return access(file, constants.R_OK).then(
    () => true,
    () => false,
  );
}
