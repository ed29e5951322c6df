import { readFile } from "node:fs/promises";
import path from "node:path";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../log";
import { createDeviceClient } from "../portal/device-client";
import { makeErrorEvent } from "../testing/events";
import { type PortalStub, startPortalStub } from "../testing/portal-stub";
import { waitFor } from "../testing/wait-for";
import { Outbox } from "./outbox";
import { OutboxSender } from "./sender";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const tmp = await makeTmpDir("sender-");
  const portal = await startPortalStub();
  cleanups.push(tmp.cleanup, () => portal.stop());
  return { dir: tmp.dir, portal };
}

async function openSender(dir: string, portal: PortalStub, batchSize = 7) {
  const outbox = await Outbox.open(dir, silentLogger);
  const client = createDeviceClient({
    baseUrl: portal.url,
    getToken: async () => portal.token,
    timeoutMs: 2000,
  });
  const sender = new OutboxSender({
    outbox,
    postEvents: client.postEvents,
    log: silentLogger,
    batchSize,
    backoff: { initialMs: 10, maxMs: 100 },
  });
  sender.start();
  const close = async () => {
    await sender.stop();
    await outbox.close();
  };
  cleanups.push(close);
  return { outbox, sender, close };
}

describe("OutboxSender against a real HTTP peer", () => {
  it("delivers in batches as events are appended", async () => {
    const { dir, portal } = await setup();
    const { outbox } = await openSender(dir, portal);
    const events = Array.from({ length: 30 }, (_, n) => makeErrorEvent(n));
    for (const e of events) await outbox.append(e);
    await waitFor("outbox drained", () => outbox.depth === 0);
    expect([...portal.stored.keys()].sort()).toEqual(events.map((e) => e.id).sort());
  });

  it("keeps everything through an outage and delivers each event once when the portal is back", async () => {
    const { dir, portal } = await setup();
    await portal.stop();
    const { outbox, sender } = await openSender(dir, portal);
    const events = Array.from({ length: 20 }, (_, n) => makeErrorEvent(n));
    for (const e of events) await outbox.append(e);
    await waitFor("several failed tries", () => sender.status.consecutiveFailures >= 3);
    expect(outbox.depth).toBe(20);
    expect(sender.status.lastError).toMatch(/Portail injoignable/);

    await portal.start();
    await waitFor("outbox drained", () => outbox.depth === 0);
    expect(portal.stored.size).toBe(20);
    expect(portal.state.deliveries).toBe(20);
  });

  it("does not double events whose answer was lost after the portal stored them", async () => {
    const { dir, portal } = await setup();
    portal.state.dropAnswers = 2;
    const { outbox } = await openSender(dir, portal, 5);
    const events = Array.from({ length: 12 }, (_, n) => makeErrorEvent(n));
    for (const e of events) await outbox.append(e);
    await waitFor("outbox drained", () => outbox.depth === 0);
    expect(portal.state.deliveries).toBeGreaterThan(12);
    expect([...portal.stored.keys()].sort()).toEqual(events.map((e) => e.id).sort());
  });

  it("survives an agent restart during an outage: every event arrives, once", async () => {
    const { dir, portal } = await setup();
    const first = await openSender(dir, portal);
    const early = Array.from({ length: 5 }, (_, n) => makeErrorEvent(n));
    for (const e of early) await first.outbox.append(e);
    await waitFor("first batch delivered", () => first.outbox.depth === 0);
    await portal.stop();
    const late = Array.from({ length: 9 }, (_, n) => makeErrorEvent(100 + n));
    for (const e of late) await first.outbox.append(e);
    await first.close();

    const second = await openSender(dir, portal);
    expect(second.outbox.depth).toBe(9);
    await portal.start();
    await waitFor("outbox drained after restart", () => second.outbox.depth === 0);
    expect(portal.stored.size).toBe(14);
    expect(portal.state.deliveries).toBe(14);
  });

  it("sets aside an event the portal can never take instead of blocking the queue behind it", async () => {
    const { dir, portal } = await setup();
    const events = Array.from({ length: 6 }, (_, n) => makeErrorEvent(n));
    portal.state.refuseIds.add(events[2]!.id);
    const { outbox } = await openSender(dir, portal);
    for (const e of events) await outbox.append(e);
    await waitFor("outbox drained", () => outbox.depth === 0);
    expect([...portal.stored.keys()].sort()).toEqual(
      events
        .filter((_, i) => i !== 2)
        .map((e) => e.id)
        .sort(),
    );
    const rejected = await readFile(path.join(dir, "rejected.ndjson"), "utf8");
    expect(rejected).toContain(events[2]!.id);
    expect(rejected).toContain("Séance inconnue pour cette salle");
  });

  it("keeps events while the portal refuses the device token", async () => {
    const { dir, portal } = await setup();
    portal.state.revoked = true;
    const { outbox, sender } = await openSender(dir, portal);
    await outbox.append(makeErrorEvent(1));
    await waitFor("a refused try", () => sender.status.consecutiveFailures >= 1);
    expect(sender.status.lastError).toMatch(/refuse ce poste/);
    expect(outbox.depth).toBe(1);
  });
});
