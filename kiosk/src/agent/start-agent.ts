import { mkdir } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import type { Logger } from "pino";
import type { KioskConfig } from "../config";
import { readRegistration } from "../first-boot/register-post";
import { type LocalApi, startLocalApi } from "../local-api/server";
import { buildStatusView, type StatusView } from "../login-page/view";
import { SyncBook } from "../masters/sync-book";
import { startSyncLoop } from "../masters/sync-loop";
import { loadTrustedKeys } from "../masters/trusted-keys";
import { startOsWatch } from "../os/os-watch";
import { Outbox } from "../outbox/outbox";
import { OutboxSender } from "../outbox/sender";
import { createDeviceClient } from "../portal/device-client";
import { findDeviceToken } from "../portal/token-file";
import { createDirectoryAuthenticate } from "./directory-auth";
import { startHeartbeat } from "./heartbeat";
import { acquireInstanceLock } from "./instance-lock";
import { KioskAgent } from "./kiosk-agent";
import type { Authenticate, VmDriver } from "./ports";
import { createQemuDriver } from "./qemu-driver";
import { ScheduleCache } from "./schedule-cache";

export type KioskAgentHandle = {
  /** `http://127.0.0.1:<port>/`: the login page; `/status`, `/session` beside it. */
  url: string;
  port: number;
  agent: KioskAgent;
  outbox: Outbox;
  schedule: ScheduleCache;
  view: () => StatusView;
  /** Ends a running session (check-out `interrupted`), then stops every loop and the server. */
  stop: () => Promise<void>;
};

export type StartOptions = {
  log: Logger;
  /** Override the adapters (e.g. a directory with extra logging); defaults are the real ones. */
  authenticate?: Authenticate;
  vm?: VmDriver;
  now?: () => Date;
};

/**
 * Starts a whole kiosk agent in this process: recovery of a crashed session, the local API,
 * the outbox sender, the schedule poller and the heartbeat. The CLI's `agent` command and the
 * tests call this; so can `npm start` (or spawn `bin/tremplin-kiosk.mjs agent --config <file>`).
 */
export async function startKioskAgent(config: KioskConfig, options: StartOptions): Promise<KioskAgentHandle> {
  const { log } = options;
  for (const dir of [config.dataDir, config.mastersDir, config.overlayDir])
    await mkdir(dir, { recursive: true });
  const releaseLock = await acquireInstanceLock(config.dataDir);
  const closers: (() => Promise<void> | void)[] = [releaseLock];
  try {
    const client = createDeviceClient({
      baseUrl: config.portal.url,
      getToken: () => findDeviceToken(config.portal.tokenFile, log),
      timeoutMs: config.portal.timeoutMs,
    });
    const outbox = await Outbox.open(path.join(config.dataDir, "outbox"), log);
    closers.unshift(() => outbox.close());
    const schedule = await ScheduleCache.open(path.join(config.dataDir, "schedule.json"), log);
    // A kiosk-OS post has no room or label in its config: it learnt them when it registered.
    const registration = await readRegistration(config.dataDir);
    const room = config.room ?? registration?.room.name ?? "Poste Tremplin";
    const post = config.post ?? registration?.label ?? hostname();
    const vm = options.vm ?? (await createQemuDriver(config, log));
    const authenticate = options.authenticate ?? (await createDirectoryAuthenticate(config.directory, log));
    const agent = new KioskAgent({
      config: { ...config, post },
      sessionFile: path.join(config.dataDir, "current-session.json"),
      log,
      outbox,
      schedule,
      authenticate,
      vm,
      now: options.now,
    });
    await agent.recover();

    const now = options.now ?? (() => new Date());
    const os = await startOsWatch({
      mastersDir: config.mastersDir,
      target: () => schedule.schedule?.os,
      idle: () => agent.status().state === "idle",
      log,
    });
    closers.unshift(() => os.stop());
    const view = () =>
      buildStatusView({
        status: agent.status(),
        schedule: schedule.schedule,
        roomFallback: room,
        grace: config.grace,
        display: config.display,
        hint: config.demo?.hint,
        system: os.current(),
        now: now(),
      });
    const api: LocalApi = await startLocalApi({ agent, view, port: config.listenPort, log });
    closers.unshift(() => api.close());

    const sender = new OutboxSender({ outbox, postEvents: client.postEvents, log });
    sender.start();
    closers.unshift(() => sender.stop());
    schedule.start(client, config.scheduleRefreshSeconds * 1000);
    closers.unshift(() => schedule.stop());
    const book = new SyncBook(now);
    if (config.masterSync) {
      const sync = startSyncLoop({
        config: config.masterSync,
        mastersDir: config.mastersDir,
        portalUrl: config.portal.url,
        getToken: () => findDeviceToken(config.portal.tokenFile, log),
        schedule: () => schedule.schedule,
        trusted: await loadTrustedKeys(config.masterSync.trustedKeyFiles),
        book,
        log,
        now,
        keep: () => [config.defaultMaster, agent.status().master].flatMap((m) => (m ? [m] : [])),
      });
      closers.unshift(() => sync.stop());
    }
    const heartbeat = startHeartbeat({
      client,
      masterSync: config.masterSync ? () => book.list() : undefined,
      log,
      dataDir: config.dataDir,
      mastersDir: config.mastersDir,
      outbox,
      status: () => agent.status(),
      probedAccel: () => vm.probedAccelerator?.() ?? { accel: null, reason: null },
      system: os.current,
      everyMs: config.heartbeatSeconds * 1000,
    });
    closers.unshift(() => heartbeat.stop());

    return {
      url: `http://127.0.0.1:${api.port}/`,
      port: api.port,
      agent,
      outbox,
      schedule,
      view,
      stop: async () => {
        await agent.shutdown();
        log.debug("session ended; closing");
        for (const close of closers) {
          await close();
          log.debug({ step: close.name || "anonymous" }, "closed");
        }
        log.info("agent stopped");
      },
    };
  } catch (error) {
    for (const close of closers) await close();
    throw error;
  }
}
