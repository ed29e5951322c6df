import { rename, rm } from "node:fs/promises";
import path from "node:path";
import type { MasterRef } from "@tremplin/domain/device";
import type { Logger } from "pino";
import { listMasters } from "./catalog";
import { findInstalledManifest } from "./installed-versions";

/**
 * Removes the synced versions nothing needs any more, so that a post's disk holds what its room
 * uses: a version the night sync installed goes once a newer synced version of the same master
 * is installed and verified, unless `keep` names it (the schedule's versions, the default master,
 * the session running now). Versions copied by hand are never touched. A VM still running on a
 * removed disk keeps reading it (its file stays open); the folder disappears in one rename.
 */
export async function pruneMasters(o: {
  mastersDir: string;
  keep: readonly MasterRef[];
  log: Logger;
}): Promise<MasterRef[]> {
  const isKept = (name: string, version: string) =>
    o.keep.some((k) => k.name === name && k.version === version);
  const synced = new Map<string, { version: string; created: string; dir: string }[]>();
  for (const master of await listMasters(o.mastersDir)) {
    if (master.format !== "raw" || !master.isVerified) continue;
    const manifest = await findInstalledManifest(master.dir, o.log);
    if (!manifest) continue;
    const versions = synced.get(master.name) ?? [];
    versions.push({ version: master.version, created: manifest.created, dir: master.dir });
    synced.set(master.name, versions);
  }
  const removed: MasterRef[] = [];
  for (const [name, versions] of synced) {
    const [, ...older] = versions.sort((a, b) => b.created.localeCompare(a.created));
    for (const old of older) {
      if (isKept(name, old.version)) continue;
      const aside = path.join(path.dirname(old.dir), `.${old.version}.removing-${Date.now()}`);
      await rename(old.dir, aside);
      await rm(aside, { recursive: true, force: true });
      o.log.info({ name, version: old.version }, "master version removed: superseded and no longer needed");
      removed.push({ name, version: old.version });
    }
  }
  return removed;
}
