import { readFile } from "node:fs/promises";
import { instantSchema, type ScheduleResponse, scheduleResponseSchema } from "@tremplin/domain/device";
import { isAppError } from "@tremplin/domain/errors";
import type { Logger } from "pino";
import { z } from "zod";
import { writeFileAtomic } from "../outbox/journal";
import type { DeviceClient } from "../portal/device-client";

const cachedSchema = z.object({
  etag: z.string().optional(),
  fetchedAt: instantSchema,
  schedule: scheduleResponseSchema,
});
export type CachedSchedule = z.infer<typeof cachedSchema>;

/**
 * The room's schedule, polled from the portal with `If-None-Match` and kept on disk, so that
 * logins keep working (on the last known schedule) while the WAN is down or after a restart.
 */
export class ScheduleCache {
  private cached: CachedSchedule | undefined;
  private timer: NodeJS.Timeout | undefined;
  lastCheckedAt: Date | undefined;
  lastError: string | undefined;
  /** Portal clock minus ours, from the `Date` header (1 s resolution). */
  clockSkewMs: number | undefined;

  private constructor(
    private readonly file: string,
    private readonly log: Logger,
  ) {}

  static async open(file: string, log: Logger): Promise<ScheduleCache> {
    const cache = new ScheduleCache(file, log);
    cache.cached = await readCached(file, log);
    return cache;
  }

  get current(): CachedSchedule | undefined {
    return this.cached;
  }

  get schedule(): ScheduleResponse | undefined {
    return this.cached?.schedule;
  }

  /** One poll. Never throws: a failure is logged and kept in `lastError`, the cache stays. */
  async refresh(client: DeviceClient): Promise<"changed" | "unchanged" | "failed"> {
    const sentAt = Date.now();
    try {
      const r = await client.getSchedule(this.cached?.etag);
      this.lastCheckedAt = new Date();
      this.lastError = undefined;
      if (r.serverDate) this.clockSkewMs = r.serverDate.getTime() - (sentAt + Date.now()) / 2;
      if (r.status === "unchanged") return "unchanged";
      const next: CachedSchedule = {
        etag: r.etag,
        fetchedAt: new Date().toISOString(),
        schedule: r.schedule,
      };
      await writeFileAtomic(this.file, JSON.stringify(next));
      this.cached = next;
      this.log.info({ sessions: r.schedule.sessions.length, etag: r.etag }, "schedule updated");
      return "changed";
    } catch (error) {
      this.lastError = isAppError(error) ? error.message : String(error);
      const serverDate = isAppError(error) ? error.details?.serverDate : undefined;
      if (typeof serverDate === "string")
        this.clockSkewMs = Date.parse(serverDate) - (sentAt + Date.now()) / 2;
      this.log.warn(
        { err: isAppError(error) ? error.message : error },
        "schedule refresh failed; keeping the cached schedule",
      );
      return "failed";
    }
  }

  start(client: DeviceClient, everyMs: number): void {
    const tick = async () => {
      await this.refresh(client);
      if (this.timer !== undefined) this.timer = setTimeout(tick, everyMs).unref();
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

async function readCached(file: string, log: Logger): Promise<CachedSchedule | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    log.warn({ file, err: error }, "cached schedule is not JSON; ignoring it");
    return undefined;
  }
  const parsed = cachedSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  // An old format after an upgrade: fetch afresh rather than refuse to start.
  log.warn({ file, issues: parsed.error.issues.slice(0, 3) }, "cached schedule unreadable; ignoring it");
  return undefined;
}
