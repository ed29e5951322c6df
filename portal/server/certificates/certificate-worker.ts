import "server-only";
import type { Db } from "@tremplin/db/client";
import {
  claimCertificateJobs,
  deferCertificateJob,
  finishCertificateJob,
  requestJobsForEndedSessions,
} from "@tremplin/db/queries/certificates";
import type { Logger } from "pino";
import { type IssuanceDeps, issueDueCertificates } from "./issue-due-certificates";
import { purgeExpiredAttendance, purgeExpiredCertificates } from "./purge-expired-evidence";

/** Long enough for a batch to be signed and time-stamped; a job held longer belongs to a dead instance. */
const leaseMs = 5 * 60_000;
/** A session's end is noticed within this, and re-read this far back (a portal down for a while). */
const sweepEveryMs = 60_000;
const sweepBackMs = 3 * 86_400_000;
/** The retention purge: a legal clock counts in days, so once an hour is plenty. */
const purgeEveryMs = 3_600_000;

/** The delay before a failed job is taken again: 10 s, doubling, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 10_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Evaluates up to `limit` queued enrolments and issues what is due. A job that fails (time-stamp
 * authority down, disk full) is kept and taken again later: a certificate may come late, never
 * without its time-stamp and never twice (one in force per enrolment and kind, by a unique index).
 */
export async function drainCertificateJobs(
  db: Db,
  input: { deps: IssuanceDeps; now: () => Date; limit: number; log: Pick<Logger, "error" | "info"> },
): Promise<number> {
  const jobs = await claimCertificateJobs(db, { now: input.now(), limit: input.limit, leaseMs });
  for (const job of jobs) {
    try {
      const issued = await issueDueCertificates(db, input.deps, {
        enrolmentId: job.enrolmentId,
        now: input.now(),
      });
      for (const c of issued) input.log.info({ code: c.code, kind: c.kind }, "certificate issued");
      await finishCertificateJob(db, job);
    } catch (error) {
      input.log.error(
        { err: error, enrolment: job.enrolmentId, attempts: job.attempts },
        "certificate not issued, will retry",
      );
      const notBefore = new Date(input.now().getTime() + retryDelayMs(job.attempts));
      await deferCertificateJob(db, job, { notBefore, error: String((error as Error)?.message ?? error) });
    }
  }
  return jobs.length;
}

export type CertificateWorkerOptions = {
  getDb: () => Promise<Db>;
  getDeps: () => Promise<IssuanceDeps>;
  pollMs: number;
  log: Pick<Logger, "error" | "info">;
};

/**
 * Issues certificates in the background of a portal instance (and purges those whose legal clock
 * ran out), one small batch at a time so that
 * a surge of completions (a campaign's last day) never holds the event loop for long: pages
 * keep answering while the queue drains.
 */
export function startCertificateWorker(options: CertificateWorkerOptions) {
  let stopped = false;
  let sweptAt = 0;
  let purgedAt = 0;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function run() {
    while (!stopped) {
      let taken = 0;
      try {
        const db = await options.getDb();
        const now = Date.now();
        if (now - sweptAt >= sweepEveryMs) {
          // Since the last sweep only: an absent learner's enrolment (nothing due) is not asked
          // for again every minute. After a start, back three days: what ended while it was down.
          const since = sweptAt === 0 ? now - sweepBackMs : sweptAt;
          await requestJobsForEndedSessions(db, { since: new Date(since), now: new Date(now) });
          sweptAt = now;
        }
        if (now - purgedAt >= purgeEveryMs) {
          const purged = await purgeExpiredCertificates(db, await options.getDeps(), { now: new Date(now) });
          if (purged.length > 0)
            options.log.info({ codes: purged }, "certificates purged at the end of their retention");
          const sessions = await purgeExpiredAttendance(db, { now: new Date(now) });
          if (sessions.length > 0)
            options.log.info({ sessions }, "attendance evidence purged at the end of its retention");
          purgedAt = now;
        }
        taken = await drainCertificateJobs(db, {
          deps: await options.getDeps(),
          now: () => new Date(),
          limit: 5,
          log: options.log,
        });
      } catch (error) {
        options.log.error({ err: error }, "certificate queue unreadable");
      }
      if (stopped) break;
      // A full batch leaves more behind: yield to requests (setImmediate), then go on.
      if (taken === 5) await new Promise((resolve) => setImmediate(resolve));
      else await pause(options.pollMs);
    }
  }

  const running = run();
  return {
    wake: () => wake?.(),
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
export type CertificateWorker = ReturnType<typeof startCertificateWorker>;
