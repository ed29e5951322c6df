import "server-only";
import type { Db } from "@tremplin/db/client";
import { claimMailJobs, deleteMailJobs } from "@tremplin/db/queries/mail-jobs";
import type { Logger } from "pino";
import { mailForJob } from "@/server/learning/enrolment-mails";
import type { Mailer } from "./mailer";

// The mail module owns both mail queues (decision 012): `mail_jobs`, the mails owed (a row
// written in the transaction of the change that owes it), drained here into the mailer; and the
// outbox folder, the mails written (outbox-mailer.ts), delivered by outbox-deliverer.ts. Other
// areas only queue a job (queueMailJobs, in their transaction) and say what its mail says.

/** Long enough for any batch to reach the outbox; a job held longer belongs to a dead instance. */
const leaseMs = 2 * 60_000;

/**
 * Hands up to `limit` queued mails to the mailer, oldest first, and deletes their jobs.
 * A mail the mailer could not take (disk full) keeps its job, taken again when its lease runs
 * out: a mail may then go out twice, never zero times. Returns how many jobs were taken.
 */
export async function sendQueuedMails(
  db: Db,
  input: { mailer: Mailer; baseUrl: string; now: Date; limit: number; log?: Pick<Logger, "error"> },
): Promise<number> {
  const jobs = await claimMailJobs(db, { now: input.now, limit: input.limit, leaseMs });
  const done: number[] = [];
  for (const job of jobs) {
    const found = mailForJob(job, input.baseUrl);
    // One event, one id: a mail written again after a crash is the same message to its recipient.
    const mail = found && { ...found, id: `${job.kind}.${job.enrolmentId}` };
    try {
      if (mail) await input.mailer.send(mail);
      done.push(job.id);
    } catch (error) {
      input.log?.error({ err: error, job: job.id, kind: job.kind }, "e-mail not written, will retry");
    }
  }
  await deleteMailJobs(db, done);
  return jobs.length;
}

export type MailWorkerOptions = {
  getDb: () => Promise<Db>;
  getMailer: () => Mailer;
  baseUrl: () => string;
  /**
   * The most mails a second this instance hands over. A burst of enrolments (a campaign opening)
   * is answered at full speed while its mails follow at this pace, which a relay accepts.
   */
  perSecond: number;
  /** Between looks at the queue when nothing woke the worker: jobs other instances left. */
  pollMs: number;
  log: Pick<Logger, "error">;
};

/**
 * Sends queued mails in the background of a portal instance: at once when this
 * instance queued one (`wake`), every `pollMs` otherwise, at most `perSecond` a second (a token
 * bucket: a quiet worker sends up to a second's worth at once, a backlog one second's worth per
 * second).
 */
export function startMailWorker(options: MailWorkerOptions) {
  const batch = Math.max(1, Math.floor(options.perSecond));
  let tokens = batch;
  let refilledAt = Date.now();
  let woken = false;
  let stopped = false;
  let sleeping: { end: () => void; wakeable: boolean } | undefined;

  const pause = (ms: number, wakeable: boolean) =>
    new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        sleeping = undefined;
        resolve();
      };
      const timer = setTimeout(end, ms);
      timer.unref(); // never keeps a process (a build, a test) alive on its own
      sleeping = { end, wakeable };
    });

  /** Milliseconds until the bucket holds `count` tokens. */
  const untilTokens = (count: number) => Math.max(0, ((count - tokens) / options.perSecond) * 1000);

  async function run() {
    while (!stopped) {
      const now = Date.now();
      tokens = Math.min(batch, tokens + ((now - refilledAt) / 1000) * options.perSecond);
      refilledAt = now;
      const limit = Math.floor(tokens);
      if (limit < 1) {
        await pause(untilTokens(1), false);
        continue;
      }
      woken = false;
      let taken = 0;
      try {
        taken = await sendQueuedMails(await options.getDb(), {
          mailer: options.getMailer(),
          baseUrl: options.baseUrl(),
          now: new Date(),
          limit,
          log: options.log,
        });
      } catch (error) {
        options.log.error({ err: error }, "mail queue unreadable");
      }
      tokens -= taken;
      if (stopped) break;
      // A full batch leaves more behind: the next waits for a full bucket, so that a backlog goes
      // out a second's worth at a time, not as a trickle of one-mail rounds of two statements each.
      if (taken === limit) await pause(untilTokens(batch), false);
      else if (!woken) await pause(options.pollMs, true); // a wake during the batch: go again
    }
  }

  const running = run();
  return {
    /** A job was just queued by this instance. */
    wake(): void {
      woken = true;
      if (sleeping?.wakeable) sleeping.end();
    },
    async stop(): Promise<void> {
      stopped = true;
      sleeping?.end();
      await running;
    },
  };
}

export type MailWorker = ReturnType<typeof startMailWorker>;
