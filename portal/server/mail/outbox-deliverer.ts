import { readFile } from "node:fs/promises";
import type { Logger } from "pino";
import { readEnvelope } from "./eml";
import { type Claim, openOutboxFolder } from "./outbox-folder";
import type { SendOutcome, SmtpSender } from "./smtp-sender";

/** Runs `run` in `ms`; returns a function that cancels it. Injected by tests to drive retries. */
export type Schedule = (ms: number, run: () => Promise<void>) => () => void;

export type DelivererOptions = {
  dir: string;
  sender: SmtpSender;
  log: Pick<Logger, "info" | "warn" | "error">;
  now?: () => Date;
  schedule?: Schedule;
  /** First wait after a failed pass, doubled at each further failure up to `maxRetryMs`. */
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** Between passes when all is well: picks up files other instances left behind. */
  idleMs?: number;
  /** A claim older than this belongs to an instance that died mid-send: take it back. */
  claimTtlMs?: number;
};

export type DeliveryReport = { sent: number; rejected: number; deferred: number };
export type DeliveryStatus = { pending: number; lastError: { at: Date; reason: string } | undefined };

export type OutboxDeliverer = ReturnType<typeof createOutboxDeliverer>;

const minute = 60_000;
const sentKeptMs = 30 * 24 * 60 * minute;

/** Wait before the next pass after `failures` failed passes in a row: 15 s, 30 s, … up to 15 min. */
export function retryDelay(failures: number, firstMs = 15_000, maxMs = 15 * minute): number {
  return Math.min(firstMs * 2 ** Math.max(0, failures - 1), maxMs);
}

const unrefTimeout: Schedule = (ms, run) => {
  const timer = setTimeout(() => void run(), ms);
  timer.unref(); // never keeps a process (a build worker, a test) alive on its own
  return () => clearTimeout(timer);
};

/**
 * Sends the outbox's .eml files over SMTP. A message is only ever moved, never deleted, until
 * the relay has answered 250: `sent/` then, `rejected/` on a permanent refusal, and back to the
 * queue on anything else, retried at start-up, on a timer with backoff, and when a new mail is
 * written. Several instances may run on one folder: each file is claimed by `rename` first.
 */
export function createOutboxDeliverer(options: DelivererOptions) {
  const { sender, log } = options;
  const now = options.now ?? (() => new Date());
  const schedule = options.schedule ?? unrefTimeout;
  const folder = openOutboxFolder(options.dir);
  let failures = 0;
  let lastError: DeliveryStatus["lastError"];
  let lastPrune = 0;
  let running: Promise<DeliveryReport> | undefined;
  let queued: Promise<DeliveryReport> | undefined;
  let cancelTimer: (() => void) | undefined;
  let isStopped = false;

  async function deliverOne(claim: Claim): Promise<SendOutcome["kind"]> {
    const raw = await readFile(claim.file, "utf8").catch(async (error) => {
      await folder.release(claim);
      throw error;
    });
    let outcome: SendOutcome;
    try {
      outcome = await sender.send(raw, readEnvelope(raw));
    } catch (error) {
      outcome = { kind: "refused", reason: `fichier illisible : ${(error as Error).message}` };
    }
    const fields = { file: claim.name };
    if (outcome.kind === "sent") {
      if (!(await folder.markSent(claim, now())))
        log.warn(fields, "mail sent after its claim was taken back: it may go out twice");
      else log.info(fields, "mail sent");
      return "sent";
    }
    lastError = { at: now(), reason: outcome.reason };
    if (outcome.kind === "refused") {
      await folder.markRejected(claim, outcome.reason);
      log.error({ ...fields, reason: outcome.reason }, "mail refused for good, moved to rejected/");
    } else {
      await folder.release(claim);
      log.warn({ ...fields, reason: outcome.reason }, "mail not sent, will retry");
    }
    return outcome.kind;
  }

  async function runPass(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, rejected: 0, deferred: 0 };
    const passStart = now();
    await folder.ensure();
    const taken = await folder.reclaimStale(passStart, options.claimTtlMs ?? 5 * minute);
    if (taken > 0) log.warn({ count: taken }, "took back mails claimed by a stopped instance");
    const names = await folder.listPending();
    for (const [index, name] of names.entries()) {
      const claim = await folder.claim(name, now());
      if (!claim) continue; // another instance is sending it
      const kind = await deliverOne(claim);
      if (kind === "sent") report.sent++;
      else if (kind === "refused") report.rejected++;
      else report.deferred++;
      // The relay itself failed: the next files would fail alike, so the pass ends here.
      if (kind === "relay") {
        report.deferred += names.length - index - 1;
        break;
      }
    }
    if (passStart.getTime() - lastPrune > 60 * minute) {
      lastPrune = passStart.getTime();
      await folder.pruneSent(passStart, sentKeptMs);
    }
    return report;
  }

  /** One pass over the queue now. Calls during a pass share the single pass queued after it. */
  function deliverPending(): Promise<DeliveryReport> {
    if (queued) return queued;
    if (!running) {
      running = runPass().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued = running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return deliverPending();
      });
    return queued;
  }

  async function tick(): Promise<void> {
    let hasFailed: boolean;
    try {
      hasFailed = (await deliverPending()).deferred > 0;
    } catch (error) {
      // The folder itself failed (disk full, volume gone): retry like a relay failure.
      lastError = { at: now(), reason: `dossier d'envoi : ${(error as Error).message}` };
      log.error({ err: error }, "mail outbox pass failed");
      hasFailed = true;
    }
    if (isStopped) return;
    failures = hasFailed ? failures + 1 : 0;
    const wait = hasFailed
      ? retryDelay(failures, options.firstRetryMs, options.maxRetryMs)
      : (options.idleMs ?? minute);
    cancelTimer?.();
    cancelTimer = schedule(wait, tick);
  }

  return {
    deliverPending,

    /** First pass now: mails left by a previous run go out without waiting for a new one. */
    start(): void {
      void tick();
    },

    /**
     * A new mail is in the queue. While backing off after failures it waits for the timer: the
     * mail is safe on disk, and a relay that is down is not hammered once per enrolment.
     */
    wake(): void {
      if (!isStopped && failures === 0) void tick();
    },

    async status(): Promise<DeliveryStatus> {
      return { pending: await folder.countPending(), lastError };
    },

    async stop(): Promise<void> {
      isStopped = true;
      cancelTimer?.();
      await Promise.allSettled([running, queued]);
      sender.close();
    },
  };
}
