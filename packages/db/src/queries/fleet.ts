import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { numeric, readRows, timestamp } from "../rows";
import { kiosks, rooms, sites } from "../schema/index";

/** Every post with its room and site, as the rooms page and the fleet page list them. */
export async function listFleetKiosks(db: Db) {
  return db
    .select({
      id: kiosks.id,
      label: kiosks.label,
      roomId: rooms.id,
      roomName: rooms.name,
      siteId: sites.id,
      siteName: sites.name,
      registeredAt: kiosks.registeredAt,
      revokedAt: kiosks.revokedAt,
      lastSeenAt: kiosks.lastSeenAt,
      agentVersion: kiosks.agentVersion,
      accelerator: kiosks.accelerator,
      outboxDepth: kiosks.outboxDepth,
      inventory: kiosks.inventory,
      codeExpiresAt: kiosks.registrationCodeExpiresAt,
    })
    .from(kiosks)
    .innerJoin(rooms, eq(rooms.id, kiosks.roomId))
    .innerJoin(sites, eq(sites.id, rooms.siteId))
    .orderBy(asc(sites.name), asc(rooms.name), asc(kiosks.label));
}
export type FleetKioskRow = Awaited<ReturnType<typeof listFleetKiosks>>[number];

export async function listSitesAndRooms(db: Db) {
  return db
    .select({
      siteId: sites.id,
      siteName: sites.name,
      city: sites.city,
      timezone: sites.timezone,
      roomId: rooms.id,
      roomName: rooms.name,
      capacity: rooms.capacity,
    })
    .from(sites)
    .leftJoin(rooms, eq(rooms.siteId, sites.id))
    .orderBy(asc(sites.name), asc(rooms.name));
}

/** Room sessions starting in [from, to), not cancelled, with their master and enrolled count. */
export async function findRoomSessionsBetween(db: Db, from: Date, to: Date) {
  const result = await db.execute(sql`
    select s.id, s.room_id as "roomId", t.title, s.starts_at as "startsAt",
      m.name as "masterName", mv.version as "masterVersion",
      (select count(*)::int from enrolments e where e.session_id = s.id and e.status = 'enrolled') as enrolled
    from sessions s
    join trainings t on t.id = s.training_id
    left join master_versions mv on mv.id = s.master_version_id
    left join masters m on m.id = mv.master_id
    where s.room_id is not null and s.cancelled_at is null
      and s.starts_at >= ${from.toISOString()} and s.starts_at < ${to.toISOString()}
    order by s.starts_at`);
  return readRows(
    result,
    z.object({
      id: z.string(),
      roomId: z.string(),
      title: z.string(),
      startsAt: timestamp,
      masterName: z.string().nullable(),
      masterVersion: z.string().nullable(),
      enrolled: numeric,
    }),
  ).map(({ masterName, masterVersion, ...r }) => ({
    ...r,
    master: masterName && masterVersion ? { name: masterName, version: masterVersion } : null,
  }));
}

export type FleetHistoryBucket = { at: Date; seen: number; degraded: number };

/**
 * Posts heard from per time bucket since `since`, and how many of those reported a problem
 * (no KVM, short disk, agent in error). Read per kiosk through the (kiosk, time) index, so
 * the cost follows the window, not the whole history.
 */
export async function fleetHistory(
  db: Db,
  input: { since: Date; bucketMinutes: number; lowDiskBytes: number },
): Promise<FleetHistoryBucket[]> {
  const result = await db.execute(sql`
    select b.bucket, count(distinct b.kiosk_id)::int as seen,
      count(distinct b.kiosk_id) filter (where b.degraded)::int as degraded
    from kiosks k cross join lateral (
      select date_bin(${`${input.bucketMinutes} minutes`}::interval, h.received_at, ${input.since.toISOString()}::timestamptz) as bucket,
        h.kiosk_id,
        (h.payload->>'accelerator' = 'tcg' or h.payload->>'state' = 'error'
          or (h.payload->'inventory'->'disk'->>'freeBytes')::float8 < ${input.lowDiskBytes}) as degraded
      from kiosk_heartbeats h
      where h.kiosk_id = k.id and h.received_at >= ${input.since.toISOString()}::timestamptz
    ) b
    group by b.bucket order by b.bucket`);
  return readRows(result, z.object({ bucket: timestamp, seen: numeric, degraded: numeric })).map(
    ({ bucket, ...counts }) => ({ at: bucket, ...counts }),
  );
}

export async function findKiosk(db: Db, kioskId: string) {
  const [row] = await db
    .select({ id: kiosks.id, label: kiosks.label, roomId: kiosks.roomId, revokedAt: kiosks.revokedAt })
    .from(kiosks)
    .where(eq(kiosks.id, kioskId));
  return row;
}

export async function setRegistrationCode(db: Db, kioskId: string, codeHash: string, expiresAt: Date) {
  await db
    .update(kiosks)
    .set({ registrationCodeHash: codeHash, registrationCodeExpiresAt: expiresAt })
    .where(eq(kiosks.id, kioskId));
}

/**
 * Revokes the post's token (kept, so that its next call is told it was revoked rather than
 * unknown) and voids any pending code. Returns false if it was already revoked.
 */
export async function markKioskRevoked(db: Db, kioskId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(kiosks)
    .set({ revokedAt: now, registrationCodeHash: null, registrationCodeExpiresAt: null })
    .where(and(eq(kiosks.id, kioskId), isNull(kiosks.revokedAt)))
    .returning({ id: kiosks.id });
  return rows.length > 0;
}

export async function insertKiosk(db: Db, roomId: string, label: string) {
  const [row] = await db
    .insert(kiosks)
    .values({ roomId, label })
    .onConflictDoNothing()
    .returning({ id: kiosks.id });
  return row;
}

export async function insertRoom(db: Db, siteId: string, name: string, capacity: number) {
  const [row] = await db
    .insert(rooms)
    .values({ siteId, name, capacity })
    .onConflictDoNothing()
    .returning({ id: rooms.id });
  return row;
}

export async function findRoom(db: Db, roomId: string) {
  const [row] = await db.select().from(rooms).where(eq(rooms.id, roomId));
  return row;
}

export async function findSite(db: Db, siteId: string) {
  const [row] = await db.select().from(sites).where(eq(sites.id, siteId));
  return row;
}

/** Pending codes past their expiry, for the rooms page to stop advertising them. */
export function isCodePending(codeExpiresAt: Date | null, now: Date): boolean {
  return codeExpiresAt !== null && codeExpiresAt.getTime() > now.getTime();
}
