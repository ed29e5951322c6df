import { type MasterRef, nightWindowAt, type ScheduleResponse } from "@tremplin/domain/device";
import { isAppError } from "@tremplin/domain/errors";
import type { TrustedKeys } from "@tremplin/image-format/sign";
import type { Logger } from "pino";
import type { KioskConfig } from "../config";
import { type ChunkSource, httpChunkSource } from "./chunk-source";
import { pruneMasters } from "./prune-masters";
import type { SyncBook } from "./sync-book";
import { syncMaster } from "./sync-master";

type SyncConfig = NonNullable<KioskConfig["masterSync"]>;

/** Versions the room needs, soonest first: the schedule's list, else its sessions' masters. */
export function versionsToSync(schedule: ScheduleResponse | undefined): MasterRef[] {
  if (!schedule) return [];
  const refs = schedule.masters ?? schedule.sessions.flatMap((s) => (s.master ? [s.master] : []));
  const seen = new Set<string>();
  return refs
    .filter((r) => {
      const key = `${r.name}@${r.version}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map(({ name, version }) => ({ name, version }));
}

/** The sources a post asks, in order: its relay, then the portal when the config allows it. */
export function syncSources(config: SyncConfig, portal: { url: string; token: string }): ChunkSource[] {
  const sources: ChunkSource[] = [];
  if (config.relayUrl) sources.push(httpChunkSource({ baseUrl: config.relayUrl }));
  if (!config.relayUrl || config.portalFallback) {
    sources.push(httpChunkSource({ baseUrl: portal.url, token: portal.token }));
  }
  return sources;
}

/**
 * The agent's night sync: every `everyMinutes`, inside the site's window (or at any time when
 * the config says so), each version the room needs that is not on the post yet is synced, one
 * after the other, then superseded synced versions nothing keeps are removed. A failure is
 * logged and kept in the book for the heartbeat; the next round resumes it.
 */
export function startSyncLoop(o: {
  config: SyncConfig;
  mastersDir: string;
  portalUrl: string;
  getToken: () => Promise<string | undefined>;
  schedule: () => ScheduleResponse | undefined;
  trusted: TrustedKeys;
  book: SyncBook;
  log: Logger;
  now: () => Date;
  /** Versions to keep besides the schedule's: the default master, the session running now. */
  keep?: () => MasterRef[];
}): { stop: () => void; runOnce: () => Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const round = async () => {
    const schedule = o.schedule();
    const token = await o.getToken();
    if (!schedule || !token) return;
    const window = nightWindowAt(o.now(), o.config.nightWindow, schedule.timezone);
    if (!window.isOpen && !o.config.anyTime) return;
    const sources = syncSources(o.config, { url: o.portalUrl, token });
    const needed = versionsToSync(schedule);
    for (const ref of needed) {
      if (stopped) return;
      try {
        await syncMaster({
          ref,
          mastersDir: o.mastersDir,
          sources,
          trusted: o.trusted,
          book: o.book,
          log: o.log,
        });
      } catch (error) {
        o.log.error({ ...ref, err: isAppError(error) ? error.message : error }, "master sync failed");
      }
    }
    await pruneMasters({ mastersDir: o.mastersDir, keep: [...needed, ...(o.keep?.() ?? [])], log: o.log });
  };
  // One round at a time: two syncs of a version would share its staging folder.
  let running: Promise<void> | undefined;
  const runOnce = () => {
    running ??= round().finally(() => {
      running = undefined;
    });
    return running;
  };
  const tick = () => {
    runOnce()
      .catch((error: unknown) => o.log.error({ err: error }, "master sync round failed"))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, o.config.everyMinutes * 60_000).unref();
      });
  };
  timer = setTimeout(tick, 0).unref();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
    runOnce,
  };
}
