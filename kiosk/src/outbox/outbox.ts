import { appendFile, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { type DeviceEvent, deviceEventSchema } from "@tremplin/domain/device";
import type { Logger } from "pino";
import { z } from "zod";
import { JournalWriter, replayJournal } from "./journal";

const recordSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("add"), event: deviceEventSchema }),
  z.object({ op: z.literal("ack"), ids: z.array(z.string()) }),
]);
type OutboxRecord = z.infer<typeof recordSchema>;

const journalName = "journal.ndjson";
const rejectedName = "rejected.ndjson";
/** Rewrite the journal once this many acknowledged records pile up behind the pending ones. */
const compactAfterAcks = 500;

/**
 * The kiosk's durable queue of device events. `append` returns once the event is on disk
 * (fsync'd), so a check-in recorded before the VM starts survives a power cut. Events leave
 * only through `ack`, after the portal answered for them; ids are the events' own UUIDs, so a
 * batch resent after a crash is recognised by the portal as duplicates.
 */
export class Outbox {
  private queue = new Map<string, DeviceEvent>();
  private acksSinceCompaction = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private listeners = new Set<() => void>();

  private constructor(
    private readonly dir: string,
    private writer: JournalWriter,
    private readonly log: Logger,
  ) {}

  /** Replays the journal (cutting a torn tail), then compacts it to the pending events. */
  static async open(dir: string, log: Logger): Promise<Outbox> {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, journalName);
    await rm(`${file}.tmp`, { force: true });
    const replay = await replayJournal(file, (v) => recordSchema.parse(v), { repair: true });
    if (replay.tornBytes > 0) log.warn({ tornBytes: replay.tornBytes }, "outbox: torn last record cut off");
    if (replay.corruptLines > 0)
      log.error({ lines: replay.corruptLines }, "outbox: records failing checksum");
    const writer = await JournalWriter.open(file);
    const outbox = new Outbox(dir, writer, log);
    for (const body of replay.unreadable)
      await outbox.reject(body, "enregistrement illisible par cette version");
    for (const r of replay.records) outbox.apply(r);
    await outbox.compact();
    return outbox;
  }

  get depth(): number {
    return this.queue.size;
  }

  /** The oldest pending events, in the order they happened to be appended. */
  pending(limit = Number.POSITIVE_INFINITY): DeviceEvent[] {
    return [...this.queue.values()].slice(0, limit);
  }

  /** Durable when the promise resolves. Appending an id already pending is a no-op. */
  append(event: DeviceEvent): Promise<void> {
    const parsed = deviceEventSchema.parse(event);
    return this.serial(async () => {
      if (this.queue.has(parsed.id)) return;
      await this.writer.append([{ op: "add", event: parsed } satisfies OutboxRecord]);
      this.queue.set(parsed.id, parsed);
      for (const wake of this.listeners) wake();
    });
  }

  /** Forgets events the portal answered for. Unknown ids are ignored (already acknowledged). */
  ack(ids: string[]): Promise<void> {
    return this.serial(async () => {
      const known = ids.filter((id) => this.queue.has(id));
      if (known.length === 0) return;
      await this.writer.append([{ op: "ack", ids: known } satisfies OutboxRecord]);
      for (const id of known) this.queue.delete(id);
      this.acksSinceCompaction += known.length;
      if (this.acksSinceCompaction >= compactAfterAcks) await this.compactNow();
    });
  }

  /** Keeps what the portal refused for good (or could not be read) beside the outbox, with why. */
  reject(record: unknown, reason: string): Promise<void> {
    const line = `${JSON.stringify({ at: new Date().toISOString(), reason, record })}\n`;
    this.log.error({ reason, record }, "outbox: event set aside in rejected.ndjson");
    return appendFile(path.join(this.dir, rejectedName), line);
  }

  /** Called after every durable append: the sender wakes up instead of polling. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  compact(): Promise<void> {
    return this.serial(() => this.compactNow());
  }

  close(): Promise<void> {
    return this.serial(() => this.writer.close());
  }

  private async compactNow(): Promise<void> {
    const records = [...this.queue.values()].map((event) => ({ op: "add", event }) satisfies OutboxRecord);
    await this.writer.rewrite(records);
    this.acksSinceCompaction = 0;
  }

  private apply(record: OutboxRecord): void {
    if (record.op === "add") {
      if (!this.queue.has(record.event.id)) this.queue.set(record.event.id, record.event);
      return;
    }
    for (const id of record.ids) this.queue.delete(id);
  }

  /** One journal operation at a time, in call order, even when callers don't await. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.chain.then(task, task);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/** Pending count without taking the journal over (for `doctor`, while the agent may run). */
export async function readOutboxDepth(dir: string): Promise<number> {
  const replay = await replayJournal(path.join(dir, journalName), (v) => recordSchema.parse(v), {
    repair: false,
  });
  const ids = new Set<string>();
  for (const r of replay.records) {
    if (r.op === "add") ids.add(r.event.id);
    else for (const id of r.ids) ids.delete(id);
  }
  return ids.size;
}
