// The background publisher: while entries arrive, a new checkpoint every few seconds (the issue
// asks for at least one a minute), and at once on demand. Only the process holding the database
// lease signs, so several portal processes never publish two checkpoints of one size.
import { randomUUID } from "node:crypto";
import type { Db } from "@tremplin/db/client";
import { releaseLease, takeLease } from "@tremplin/db/queries/leases";
import {
  type PublishDeps,
  type PublishResult,
  publishCheckpoint,
  type Timestamper,
} from "./publish-checkpoint";
import type { VaultKeys } from "./vault-keys";

export type CheckpointPublisher = {
  /** Publishes now if this process holds the lease; undefined when another process does. */
  publishNow(): Promise<PublishResult | undefined>;
  /** Stops the timer and gives the lease up, so that another process signs without waiting for it to expire. */
  stop(): Promise<void>;
};

export type PublisherOptions = {
  getDb: () => Promise<Db>;
  getKeys: () => Promise<VaultKeys>;
  getTimestamper: () => Promise<Timestamper>;
  log: PublishDeps["log"] & { warn(details: object, message: string): void };
  intervalMs?: number;
  leaseMs?: number;
  now?: () => Date;
};

export function startCheckpointPublisher(options: PublisherOptions): CheckpointPublisher {
  const holder = randomUUID();
  const intervalMs = options.intervalMs ?? 5_000;
  const leaseMs = options.leaseMs ?? 30_000;
  const now = options.now ?? (() => new Date());
  let running: Promise<PublishResult | undefined> = Promise.resolve(undefined);

  async function attempt(): Promise<PublishResult | undefined> {
    const db = await options.getDb();
    const at = now();
    const isMine = await takeLease(db, {
      name: "vault-publisher",
      holder,
      now: at,
      until: new Date(at.getTime() + leaseMs),
    });
    if (!isMine) return undefined;
    const [keys, timestamper] = await Promise.all([options.getKeys(), options.getTimestamper()]);
    return publishCheckpoint(db, { keys, timestamper, now, log: options.log });
  }

  // One attempt at a time in this process: a call made during one waits for it, then runs.
  const publishNow = () => {
    running = running.catch(() => undefined).then(attempt);
    return running;
  };

  const timer = setInterval(() => {
    publishNow().catch((error: unknown) => {
      // The TSA or the database is down: nothing was recorded, the next tick tries again.
      options.log.warn({ err: error }, "evidence vault: checkpoint not published, retrying");
    });
  }, intervalMs);
  timer.unref();
  const stop = async () => {
    clearInterval(timer);
    await running.catch(() => undefined);
    await releaseLease(await options.getDb(), { name: "vault-publisher", holder });
  };
  return { publishNow, stop };
}
