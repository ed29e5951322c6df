import { defaultTimeZone } from "@tremplin/domain/calendar";
import { and, asc, eq, gt, isNull, lt, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../client";
import {
  masters,
  masterVersions,
  organisations,
  rooms,
  sessions,
  sites,
  trainings,
  users,
} from "../schema/index";

/** Used when a session has no room (remote): the organisation's zone. */

const trainer = alias(users, "trainer");

/** Seats taken: enrolled or already completed (kept on the session row by triggers). */
const enrolledCount = sessions.seatsTaken;

const sessionColumns = {
  id: sessions.id,
  trainingId: sessions.trainingId,
  trainingCode: trainings.code,
  trainingTitle: trainings.title,
  organisationName: organisations.name,
  roomId: sessions.roomId,
  roomName: rooms.name,
  roomCapacity: rooms.capacity,
  siteName: sites.name,
  siteCity: sites.city,
  timezone: sql<string>`coalesce(${sites.timezone}, ${defaultTimeZone})`,
  trainerId: sessions.trainerId,
  trainerName: trainer.displayName,
  masterVersionId: sessions.masterVersionId,
  masterLabel: sql<string | null>`case when ${masters.name} is null then null
    else ${masters.name} || ' ' || ${masterVersions.version} end`,
  startsAt: sessions.startsAt,
  endsAt: sessions.endsAt,
  capacity: sessions.capacity,
  notes: sessions.notes,
  version: sessions.version,
  cancelledAt: sessions.cancelledAt,
  enrolled: enrolledCount,
};

/** Sessions with what people read about them, for any use case to filter and order. */
export function sessionDetailQuery(db: Db) {
  return db
    .select(sessionColumns)
    .from(sessions)
    .innerJoin(trainings, eq(trainings.id, sessions.trainingId))
    .innerJoin(organisations, eq(organisations.id, trainings.organisationId))
    .leftJoin(rooms, eq(rooms.id, sessions.roomId))
    .leftJoin(sites, eq(sites.id, rooms.siteId))
    .leftJoin(trainer, eq(trainer.id, sessions.trainerId))
    .leftJoin(masterVersions, eq(masterVersions.id, sessions.masterVersionId))
    .leftJoin(masters, eq(masters.id, masterVersions.masterId));
}

/** A session with what people read about it: training, place, trainer, master, seats taken. */
export async function findSessionDetail(db: Db, id: string) {
  const [row] = await sessionDetailQuery(db).where(eq(sessions.id, id)).limit(1);
  return row;
}
export type SessionDetail = NonNullable<Awaited<ReturnType<typeof findSessionDetail>>>;

/**
 * Sessions that meet `[from, to)`, cancelled ones left out, optionally one trainer's only.
 * Uses the (trainer|room, starts_at) indexes: a session is shorter than `maxSpanDays`, so the
 * scan starts that much before `from`.
 */
export async function listSessionsBetween(
  db: Db,
  range: { from: Date; to: Date; trainerId?: string; maxSpanDays?: number },
) {
  const earliest = new Date(range.from.getTime() - (range.maxSpanDays ?? 121) * 86_400_000);
  return sessionDetailQuery(db)
    .where(
      and(
        isNull(sessions.cancelledAt),
        lt(sessions.startsAt, range.to),
        gt(sessions.startsAt, earliest),
        gt(sessions.endsAt, range.from),
        range.trainerId ? eq(sessions.trainerId, range.trainerId) : undefined,
      ),
    )
    .orderBy(asc(sessions.startsAt), asc(rooms.name));
}
export type SessionRow = Awaited<ReturnType<typeof listSessionsBetween>>[number];

/** Live sessions in `room` or with `trainer` whose span meets `[startsAt, endsAt)`. */
export async function listOverlappingSessions(
  db: Db,
  candidate: {
    roomId: string | null;
    trainerId: string | null;
    startsAt: Date;
    endsAt: Date;
    excludeId?: string;
  },
) {
  const who = [
    candidate.roomId ? eq(sessions.roomId, candidate.roomId) : undefined,
    candidate.trainerId ? eq(sessions.trainerId, candidate.trainerId) : undefined,
  ].filter((c) => c !== undefined);
  if (who.length === 0) return [];
  return sessionDetailQuery(db).where(
    and(
      isNull(sessions.cancelledAt),
      or(...who),
      lt(sessions.startsAt, candidate.endsAt),
      gt(sessions.endsAt, candidate.startsAt),
      candidate.excludeId ? ne(sessions.id, candidate.excludeId) : undefined,
    ),
  );
}

/**
 * Serialises planning changes that touch the same room or trainer, until the transaction ends:
 * without it, two IT staff booking one room at once would both see it free. Keys are taken in a
 * fixed order so that two transactions never wait on each other crosswise.
 */
export async function lockPlanningKeys(tx: Db, keys: string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
  }
}

export type SessionValues = {
  trainingId: string;
  roomId: string | null;
  trainerId: string;
  masterVersionId: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
};

export async function insertSession(tx: Db, values: SessionValues): Promise<{ id: string; version: number }> {
  const [row] = await tx
    .insert(sessions)
    .values(values)
    .returning({ id: sessions.id, version: sessions.version });
  return row!;
}

/**
 * Writes `values` if the session is still at `version`, and moves it to the next version.
 * Returns undefined when another edit got there first (or the session does not exist).
 */
export async function updateSessionIfVersion(
  tx: Db,
  id: string,
  version: number,
  values: SessionValues,
): Promise<{ version: number } | undefined> {
  const [row] = await tx
    .update(sessions)
    .set({ ...values, version: sql`${sessions.version} + 1` })
    .where(and(eq(sessions.id, id), eq(sessions.version, version), isNull(sessions.cancelledAt)))
    .returning({ version: sessions.version });
  return row;
}

/** What the planning form offers: trainings, rooms with their site, trainers, master versions. */
export async function listPlanningChoices(db: Db) {
  const [trainingRows, roomRows, trainerRows, versionRows] = await Promise.all([
    db
      .select({
        id: trainings.id,
        code: trainings.code,
        title: trainings.title,
        modality: trainings.modality,
      })
      .from(trainings)
      .orderBy(asc(trainings.title)),
    db
      .select({
        id: rooms.id,
        name: rooms.name,
        capacity: rooms.capacity,
        siteName: sites.name,
        timezone: sites.timezone,
      })
      .from(rooms)
      .innerJoin(sites, eq(sites.id, rooms.siteId))
      .orderBy(asc(sites.name), asc(rooms.name)),
    db
      .select({ id: users.id, name: users.displayName, username: users.username })
      .from(users)
      .where(and(sql`'trainer' = any(${users.roles})`, isNull(users.disabledAt)))
      .orderBy(asc(users.displayName)),
    db
      .select({ id: masterVersions.id, name: masters.name, version: masterVersions.version })
      .from(masterVersions)
      .innerJoin(masters, eq(masters.id, masterVersions.masterId))
      .orderBy(asc(masters.name), asc(masterVersions.version)),
  ]);
  return { trainings: trainingRows, rooms: roomRows, trainers: trainerRows, masterVersions: versionRows };
}
export type PlanningChoices = Awaited<ReturnType<typeof listPlanningChoices>>;

/** The rows a session names, to refuse unknown ids with a message on the right field. */
export async function findPlanningReferences(
  db: Db,
  ids: { trainingId: string; roomId: string | null; trainerId: string; masterVersionId: string | null },
) {
  const [training] = await db
    .select({ id: trainings.id, title: trainings.title })
    .from(trainings)
    .where(eq(trainings.id, ids.trainingId));
  const [room] = ids.roomId
    ? await db
        .select({ id: rooms.id, name: rooms.name, capacity: rooms.capacity, timezone: sites.timezone })
        .from(rooms)
        .innerJoin(sites, eq(sites.id, rooms.siteId))
        .where(eq(rooms.id, ids.roomId))
    : [];
  const [trainerRow] = await db
    .select({ id: users.id, name: users.displayName, roles: users.roles, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, ids.trainerId));
  const [version] = ids.masterVersionId
    ? await db
        .select({ id: masterVersions.id })
        .from(masterVersions)
        .where(eq(masterVersions.id, ids.masterVersionId))
    : [];
  return { training, room, trainer: trainerRow, masterVersion: version };
}

/**
 * Locks a session's row until the transaction ends and reads what a change must check: its
 * version (optimistic concurrency), whether it is cancelled, and the seats taken (a column of the
 * row kept by triggers, so read current once the lock is held).
 */
export async function lockSession(tx: Db, id: string) {
  const [row] = await tx
    .select({
      id: sessions.id,
      version: sessions.version,
      capacity: sessions.capacity,
      cancelledAt: sessions.cancelledAt,
      endsAt: sessions.endsAt,
      trainingId: sessions.trainingId,
      enrolled: sessions.seatsTaken,
    })
    .from(sessions)
    .where(eq(sessions.id, id))
    .for("update");
  return row;
}

/** Cancels the session if still at `version`; the cancelled session frees its room and trainer. */
export async function cancelSessionIfVersion(tx: Db, id: string, version: number, at: Date) {
  const [row] = await tx
    .update(sessions)
    .set({ cancelledAt: at, version: sql`${sessions.version} + 1` })
    .where(and(eq(sessions.id, id), eq(sessions.version, version), isNull(sessions.cancelledAt)))
    .returning({ version: sessions.version });
  return row;
}
