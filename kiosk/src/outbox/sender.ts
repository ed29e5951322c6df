import type { DeviceEvent, EventsResponse } from "@tremplin/domain/device";
import { isAppError } from "@tremplin/domain/errors";
import type { Logger } from "pino";
import type { Outbox } from "./outbox";

export type Backoff = { initialMs: number; maxMs: number };

export type SenderStatus = {
  consecutiveFailures: number;
  lastError: string | undefined;
  lastDeliveredAt: Date | undefined;
};

type Options = {
  outbox: Outbox;
  postEvents: (events: DeviceEvent[]) => Promise<EventsResponse>;
  log: Logger;
  batchSize?: number;
  backoff?: Backoff;
};

/**
 * Drains the outbox to the portal in batches, oldest first. An event leaves the outbox only
 * when the portal's answer names it (accepted, duplicate or rejected); anything else is retried
 * after an exponential back-off with jitter (so a room of posts does not hammer a portal that
 * comes back), waking up immediately when a new event is appended and the last try succeeded.
 */
export class OutboxSender {
  readonly status: SenderStatus = {
    consecutiveFailures: 0,
    lastError: undefined,
    lastDeliveredAt: undefined,
  };
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly batchSize: number;
  private readonly backoff: Backoff;

  constructor(private readonly options: Options) {
    this.batchSize = options.batchSize ?? 50;
    this.backoff = options.backoff ?? { initialMs: 1000, maxMs: 60_000 };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.options.outbox.onAppend(() => this.kick());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.kick();
    await this.loop;
  }

  /** Sends one batch now. Resolves to true when the portal answered for it. */
  async sendBatch(): Promise<boolean> {
    const batch = this.options.outbox.pending(this.batchSize);
    if (batch.length === 0) return true;
    try {
      const answer = await this.post(batch);
      const settled = await this.settle(batch, answer);
      if (settled === 0) throw new Error("le portail n'a répondu pour aucun événement du lot");
      this.status.consecutiveFailures = 0;
      this.status.lastError = undefined;
      this.status.lastDeliveredAt = new Date();
      return true;
    } catch (error) {
      this.status.consecutiveFailures++;
      this.status.lastError = isAppError(error) ? error.message : String(error);
      // An outage is expected and logged as one line; anything else keeps its stack.
      this.options.log.warn(
        {
          err: isAppError(error) ? error.message : error,
          pending: this.options.outbox.depth,
          failures: this.status.consecutiveFailures,
        },
        "outbox: delivery failed, will retry",
      );
      return false;
    }
  }

  /**
   * Posts a batch. A 4xx that is not about the token means the portal cannot take some event of
   * it, ever: rather than block the queue behind it, each event is then sent alone and the one
   * refused is set aside as rejected.
   */
  private async post(batch: DeviceEvent[]): Promise<EventsResponse> {
    try {
      return await this.options.postEvents(batch);
    } catch (error) {
      if (!isAppError(error) || error.code !== "invalid_input") throw error;
      const answer: EventsResponse = { accepted: [], duplicates: [], rejected: [] };
      for (const event of batch) {
        try {
          const one = await this.options.postEvents([event]);
          answer.accepted.push(...one.accepted);
          answer.duplicates.push(...one.duplicates);
          answer.rejected.push(...one.rejected);
        } catch (alone) {
          if (!isAppError(alone) || alone.code !== "invalid_input") throw alone;
          answer.rejected.push({ id: event.id, message: alone.message });
        }
      }
      return answer;
    }
  }

  /** Acknowledges what the portal answered for; returns how many events that was. */
  private async settle(batch: DeviceEvent[], answer: EventsResponse): Promise<number> {
    const sent = new Map(batch.map((e) => [e.id, e]));
    const done = [...answer.accepted, ...answer.duplicates].filter((id) => sent.has(id));
    for (const r of answer.rejected) {
      const event = sent.get(r.id);
      if (!event) continue;
      await this.options.outbox.reject(event, r.message);
      done.push(r.id);
    }
    await this.options.outbox.ack(done);
    const settled = new Set(done).size;
    if (settled < batch.length) {
      this.options.log.warn(
        { unanswered: batch.length - settled },
        "outbox: portal did not answer for every event",
      );
    }
    return settled;
  }

  private kick(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.options.outbox.depth === 0) {
        await this.sleep(Number.POSITIVE_INFINITY);
        continue;
      }
      const ok = await this.sendBatch();
      if (!ok) await this.sleep(this.delay(), { ignoreKick: true });
    }
  }

  /** Full jitter: uniform in [delay/2, delay], delay doubling from initialMs up to maxMs. */
  private delay(): number {
    const exp = Math.min(
      this.backoff.maxMs,
      this.backoff.initialMs * 2 ** (this.status.consecutiveFailures - 1),
    );
    return exp / 2 + (Math.random() * exp) / 2;
  }

  private sleep(ms: number, opts: { ignoreKick?: boolean } = {}): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      const self = this;
      function done() {
        if (timer) clearTimeout(timer);
        self.wake = undefined;
        resolve();
      }
      this.wake = () => {
        if (!opts.ignoreKick || !this.running) done();
      };
    });
  }
}
