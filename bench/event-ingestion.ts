// Attendance-event ingestion: events per second through the real path (contract parse +
// `ingestDeviceEvents`: room check, `device_events` on conflict do nothing, check-ins opened and
// check-outs closed as attendance records), in batches of 100, against a plain bulk insert of as
// many rows into `device_events` in the same run. Target (issue 5, production on PostgreSQL):
// ≥ 10,000 events/s, each event stored once. Runs on PGlite (in memory) and on a throw-away
// PostgreSQL 15. Exits non-zero only if an event was lost or doubled: timings are reported.
import { randomUUID } from "node:crypto";
import { type Database, openDatabase } from "@tremplin/db/client";
import { migrate } from "@tremplin/db/migrate";
import { ingestDeviceEvents } from "@tremplin/db/queries/device-events";
import {
  attendanceRecords,
  deviceEvents,
  kiosks,
  organisations,
  rooms,
  sessions,
  sites,
  trainings,
  users,
} from "@tremplin/db/schema";
import { type DeviceEvent, eventsRequestSchema } from "@tremplin/domain/device";
import { startPostgres } from "@tremplin/testkit/postgres";
import { count, isNull } from "drizzle-orm";

const batchSize = 100;
const batches = 300;
const warmup = 20;
const now = new Date("2026-11-23T10:00:00Z");

type World = Awaited<ReturnType<typeof world>>;

async function world(database: Database) {
  const { db } = database;
  const [org] = await db.insert(organisations).values({ name: "Bench", kind: "region" }).returning();
  const [site] = await db
    .insert(sites)
    .values({ organisationId: org!.id, name: "Site", city: "Albi" })
    .returning();
  const [room] = await db.insert(rooms).values({ siteId: site!.id, name: "Salle", capacity: 20 }).returning();
  const [kiosk] = await db.insert(kiosks).values({ roomId: room!.id, label: "P01" }).returning();
  const learners = await db
    .insert(users)
    .values(
      Array.from({ length: 50 }, (_, i) => ({
        source: "local" as const,
        username: `l.${i}`,
        displayName: `L ${i}`,
      })),
    )
    .returning();
  const [training] = await db
    .insert(trainings)
    .values({
      organisationId: org!.id,
      code: "B",
      title: "Bench",
      domain: "x",
      summary: "x",
      durationHours: 1,
      modality: "onsite",
      rules: {},
    })
    .returning();
  const [session] = await db
    .insert(sessions)
    .values({
      trainingId: training!.id,
      roomId: room!.id,
      startsAt: now,
      endsAt: new Date(now.getTime() + 3600_000),
      capacity: 20,
    })
    .returning();
  return {
    kioskId: kiosk!.id,
    roomId: room!.id,
    sessionId: session!.id,
    learners: learners.map((l) => l.username),
  };
}

/**
 * Batches of 100 as a busy room's outboxes send them: 50 logons, and the 50 logouts closing the
 * previous batch's logons (a session lasts longer than a batch takes to fill).
 */
function makeBatches(n: number, w: World): unknown[] {
  let previous: { id: string; username: string }[] = [];
  return Array.from({ length: n }, () => {
    const events: DeviceEvent[] = [];
    const base = { post: "P01", sessionId: w.sessionId };
    const opened = Array.from({ length: batchSize / 2 }, (_, i) => ({
      id: randomUUID(),
      username: w.learners[i % w.learners.length]!,
    }));
    for (const o of opened) {
      events.push({
        ...base,
        ...o,
        type: "check_in",
        occurredAt: "2026-11-23T10:00:00Z",
        role: "learner",
        master: null,
        accelerator: "kvm",
      });
    }
    for (const p of previous) {
      events.push({
        ...base,
        id: randomUUID(),
        username: p.username,
        type: "check_out",
        occurredAt: "2026-11-23T11:00:00Z",
        checkInId: p.id,
        reason: "logout",
      });
    }
    previous = opened;
    // What arrives over HTTP is JSON text: parse it again, as the route does.
    return JSON.parse(JSON.stringify({ events }));
  });
}

async function ingest(database: Database, w: World, bodies: unknown[]) {
  const started = performance.now();
  for (const body of bodies) {
    const { events } = eventsRequestSchema.parse(body);
    await ingestDeviceEvents(database.db, { kioskId: w.kioskId, roomId: w.roomId, events, now });
  }
  return performance.now() - started;
}

async function bulkInsert(database: Database, w: World, n: number) {
  const started = performance.now();
  for (let b = 0; b < n; b++) {
    const rows = Array.from({ length: batchSize }, () => ({
      id: randomUUID(),
      kioskId: w.kioskId,
      type: "check_in",
      occurredAt: now,
      payload: "{}",
    }));
    await database.db.insert(deviceEvents).values(rows);
  }
  return performance.now() - started;
}

/** The issue's target is for production, on PostgreSQL; PGlite is the one-machine default. */
function target(label: string, eventsPerSecond: number): string {
  if (label !== "PostgreSQL") return "no target (embedded engine)";
  return `target 10000 ev/s ${eventsPerSecond >= 10_000 ? "met" : "MISSED"}`;
}

async function run(label: string, database: Database) {
  await migrate(database.db);
  const w = await world(database);
  await ingest(database, w, makeBatches(warmup, w));
  await bulkInsert(database, w, warmup);
  const bodies = makeBatches(batches, w);
  const baselineMs = await bulkInsert(database, w, batches);
  const ingestMs = await ingest(database, w, bodies);
  const replayMs = await ingest(database, w, bodies);
  const events = batches * batchSize;
  const stored = (await database.db.select({ n: count() }).from(deviceEvents))[0]!.n;
  const records = (await database.db.select({ n: count() }).from(attendanceRecords))[0]!.n;
  const open = (
    await database.db.select({ n: count() }).from(attendanceRecords).where(isNull(attendanceRecords.endedAt))
  )[0]!.n;
  // Warm-up and measured runs each leave their last batch's logons open; the first batch of each
  // carries no logouts. The replay must have added nothing.
  const expectedStored = (warmup + batches) * batchSize * 2 - 2 * (batchSize / 2);
  const expectedRecords = ((warmup + batches) * batchSize) / 2;
  const ok = stored === expectedStored && records === expectedRecords && open === 2 * (batchSize / 2);
  const rate = (ms: number) => Math.round((events / ms) * 1000);
  console.log(
    `${label.padEnd(10)} ingestion ${String(rate(ingestMs)).padStart(7)} ev/s · replay (all duplicates) ${String(rate(replayMs)).padStart(7)} ev/s · plain bulk insert ${String(rate(baselineMs)).padStart(7)} ev/s · ratio ingestion/baseline ${(baselineMs / ingestMs).toFixed(2)} · ${target(label, rate(ingestMs))} · stored once ${ok ? "yes" : `NO (${stored}/${expectedStored} events, ${records}/${expectedRecords} records, ${open} open)`}`,
  );
  return ok;
}

console.log(
  `${batches} batches of ${batchSize} events (${batches * batchSize} events), after ${warmup} warm-up batches`,
);
const pglite = await openDatabase({ kind: "pglite", dataDir: null });
let ok = await run("PGlite", pglite).finally(() => pglite.close());
const cluster = await startPostgres();
try {
  const postgres = await openDatabase({ kind: "postgres", url: cluster.url() });
  ok = (await run("PostgreSQL", postgres).finally(() => postgres.close())) && ok;
} finally {
  await cluster.stop();
}
process.exit(ok ? 0 : 1);
