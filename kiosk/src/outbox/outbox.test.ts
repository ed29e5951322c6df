import { appendFile, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../log";
import { makeErrorEvent } from "../testing/events";
import { encodeLine } from "./journal";
import { Outbox, readOutboxDepth } from "./outbox";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
async function tmp(): Promise<string> {
  const t = await makeTmpDir("outbox-");
  cleanups.push(t.cleanup);
  return t.dir;
}

describe("Outbox", () => {
  it("keeps pending events across a reopen, in order, and forgets acknowledged ones", async () => {
    const dir = await tmp();
    const events = [1, 2, 3, 4].map((n) => makeErrorEvent(n));
    const a = await Outbox.open(dir, silentLogger);
    for (const e of events) await a.append(e);
    await a.ack([events[1]!.id, "00000000-0000-4000-8000-000000000000"]);
    await a.close();

    const b = await Outbox.open(dir, silentLogger);
    expect(b.pending().map((e) => e.id)).toEqual([events[0]!.id, events[2]!.id, events[3]!.id]);
    expect(b.pending(2)).toHaveLength(2);
    expect(await readOutboxDepth(dir)).toBe(3);
    await b.close();
  });

  it("appends an id once even when asked twice", async () => {
    const dir = await tmp();
    const o = await Outbox.open(dir, silentLogger);
    const e = makeErrorEvent(1);
    await Promise.all([o.append(e), o.append(e)]);
    expect(o.depth).toBe(1);
    await o.close();
  });

  it("cuts a torn last record (power cut mid-write) and appends cleanly after it", async () => {
    const dir = await tmp();
    const o = await Outbox.open(dir, silentLogger);
    const kept = makeErrorEvent(1);
    await o.append(kept);
    await o.close();
    const file = path.join(dir, "journal.ndjson");
    const torn = encodeLine({ op: "add", event: makeErrorEvent(2) });
    await appendFile(file, torn.slice(0, torn.length / 2));

    const again = await Outbox.open(dir, silentLogger);
    expect(again.pending().map((e) => e.id)).toEqual([kept.id]);
    const after = makeErrorEvent(3);
    await again.append(after);
    await again.close();
    const third = await Outbox.open(dir, silentLogger);
    expect(third.pending().map((e) => e.id)).toEqual([kept.id, after.id]);
    await third.close();
  });

  it("sets an unreadable record aside with its reason instead of dropping it", async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, "journal.ndjson"), encodeLine({ op: "add", event: { id: "not-a-uuid" } }));
    const o = await Outbox.open(dir, silentLogger);
    expect(o.depth).toBe(0);
    const rejected = await readFile(path.join(dir, "rejected.ndjson"), "utf8");
    expect(rejected).toContain("not-a-uuid");
    expect(rejected).toContain("illisible");
    await o.close();
  });

  it("compacts the journal once many events were acknowledged", async () => {
    const dir = await tmp();
    const o = await Outbox.open(dir, silentLogger);
    const events = Array.from({ length: 520 }, (_, n) => makeErrorEvent(n));
    for (const e of events) await o.append(e);
    const before = (await stat(path.join(dir, "journal.ndjson"))).size;
    for (let i = 0; i < 510; i += 10) await o.ack(events.slice(i, i + 10).map((e) => e.id));
    const after = (await stat(path.join(dir, "journal.ndjson"))).size;
    expect(after).toBeLessThan(before / 10);
    expect(o.pending().map((e) => e.id)).toEqual(events.slice(510).map((e) => e.id));
    await o.close();
    const reopened = await Outbox.open(dir, silentLogger);
    expect(reopened.depth).toBe(10);
    await reopened.close();
  });
});
