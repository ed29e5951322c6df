import { type NightWindow, nightWindowAt } from "@tremplin/domain/device";
import { AppError, isAppError } from "@tremplin/domain/errors";
import { collectGarbage } from "@tremplin/image-format/maintain-store";
import { ChunkStore } from "@tremplin/image-format/store";
import type { Logger } from "pino";
import { httpChunkSource } from "../masters/chunk-source";
import { loadTrustedKeys } from "../masters/trusted-keys";
import { findDeviceToken } from "../portal/token-file";
import { fetchSitePlan, prefetchPlan } from "./prefetch";
import { RelayChunks } from "./relay-chunks";
import type { RelayConfig } from "./relay-config";
import { createRelayServer, listen } from "./relay-server";
import { TokenBucket } from "./token-bucket";

export type RelayHandle = {
  url: string;
  chunks: RelayChunks;
  /** Bytes received from upstream since start (chunks and manifests). */
  upstreamBytes: () => number;
  /** One look at the plan and, inside the window, a prefetch (what the timer does). */
  runNight: () => Promise<void>;
  stop: () => Promise<void>;
};

/**
 * The relay: serves the site's posts from its store, fetches what it lacks upstream under the
 * cap, and every `planEveryMinutes` while the window is open prefetches what the site's rooms
 * need in the coming days. The site's window and zone come from the portal's plan once read.
 */
export async function startRelay(
  config: RelayConfig,
  deps: { log: Logger; now?: () => Date },
): Promise<RelayHandle> {
  const now = deps.now ?? (() => new Date());
  const { log } = deps;
  const token = await findDeviceToken(config.upstream.tokenFile, log);
  if (!token) {
    throw new AppError(
      "config_invalid",
      `Pas de jeton dans ${config.upstream.tokenFile} : enregistrez d'abord un poste du site (tremplin-kiosk register).`,
    );
  }
  const trusted = await loadTrustedKeys(config.trustedKeyFiles);
  let site: { window: NightWindow; timezone: string } = {
    window: config.nightWindow,
    timezone: config.timezone,
  };
  const closedReason = (): string | undefined => {
    const span = nightWindowAt(now(), site.window, site.timezone);
    if (span.isOpen) return undefined;
    return `hors de la fenêtre de nuit (${site.window.start}–${site.window.end}, ${site.timezone}) ; prochaine ouverture ${span.start.toISOString()}`;
  };
  const bucket = TokenBucket.fromMbps(config.capMbps);
  let upstreamBytes = 0;
  const upstream = httpChunkSource({
    baseUrl: config.upstream.url,
    token,
    timeoutMs: config.upstream.timeoutMs,
    onBytes: (count) => {
      upstreamBytes += count;
      return bucket.take(count);
    },
  });
  const chunks = new RelayChunks(new ChunkStore(config.storeDir), {
    upstream,
    trusted,
    gate: () => (config.fetchOnMissOutsideWindow ? undefined : closedReason()),
    log,
  });
  const server = createRelayServer(chunks, log);
  const url = await listen(server, config.listen.host, config.listen.port);
  const runNight = async () => {
    const plan = await fetchSitePlan({
      baseUrl: config.upstream.url,
      token,
      days: config.lookaheadDays,
      timeoutMs: config.upstream.timeoutMs,
    });
    site = { window: plan.site.nightWindow, timezone: plan.site.timezone };
    const closed = closedReason();
    if (closed) {
      log.info({ reason: closed, versions: plan.masters.length }, "night prefetch waits");
      return;
    }
    const report = await prefetchPlan({ chunks, needed: plan.masters, trusted, isOpen: closedReason, log });
    log.info(report, "night prefetch done");
    // What the plan names stays; of the rest, the newest `keepVersions` per master.
    const gc = await collectGarbage({
      store: chunks.store,
      keep: config.keepVersions,
      scheduled: plan.masters,
    });
    if (gc.removedChunks > 0) log.info(gc, "relay store collected");
  };
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    runNight()
      .catch((error: unknown) =>
        log.error({ err: isAppError(error) ? error.message : error }, "night prefetch failed"),
      )
      .finally(() => {
        timer = setTimeout(tick, config.planEveryMinutes * 60_000).unref();
      });
  };
  timer = setTimeout(tick, 0).unref();
  return {
    url,
    chunks,
    upstreamBytes: () => upstreamBytes,
    runNight,
    stop: async () => {
      clearTimeout(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
