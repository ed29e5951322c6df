import { kioskOsMasterName } from "@tremplin/domain/device";
import { and, asc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../client";
import { resultRows } from "../migrate";
import { masters, masterVersions, rollouts } from "../schema/masters";
import { rooms, sites } from "../schema/places";

/** A master version a room needs: from a session that boots it, or a rollout that puts it there. */
export type RoomNeed = {
  roomId: string;
  roomName: string;
  name: string;
  version: string;
  /** The session's start, or the rollout's first day (site midnight, computed by the caller). */
  source: { kind: "session"; startsAt: Date } | { kind: "rollout"; startsOn: string };
  /** The kiosk-OS version the room's posts should run now (see `findRoomNeeds`). */
  isOsTarget: boolean;
};

/**
 * What the rooms of a site (or one room) need between `from` and `to`: sessions not cancelled
 * that start in the span with a master chosen, and rollouts whose days meet the span's dates.
 * Plus each room's kiosk-OS target: of the `kioskOsMasterName` rollouts started by `fromDate`,
 * the one that started last (the latest created on a tie), even once its days are over, since
 * a post keeps running its OS; IT goes back to an older version by rolling it out again.
 */
export async function findRoomNeeds(
  db: Db,
  input: ({ siteId: string } | { roomId: string }) & {
    from: Date;
    to: Date;
    fromDate: string;
    toDate: string;
  },
): Promise<RoomNeed[]> {
  const where = "siteId" in input ? sql`r.site_id = ${input.siteId}` : sql`r.id = ${input.roomId}`;
  const result = await db.execute(sql`
    select r.id as "roomId", r.name as "roomName", m.name, mv.version,
      'session' as kind, s.starts_at as "startsAt", null as "startsOn"
    from sessions s
    join rooms r on r.id = s.room_id
    join master_versions mv on mv.id = s.master_version_id
    join masters m on m.id = mv.master_id
    where ${where} and s.cancelled_at is null
      and s.ends_at > ${input.from.toISOString()} and s.starts_at < ${input.to.toISOString()}
    union all
    select r.id, r.name, m.name, mv.version, 'rollout', null, ro.starts_on::text
    from rollouts ro
    join rooms r on r.id = ro.room_id
    join master_versions mv on mv.id = ro.master_version_id
    join masters m on m.id = mv.master_id
    where ${where} and ro.ends_on >= ${input.fromDate} and ro.starts_on <= ${input.toDate}
    union all
    (select distinct on (r.id) r.id, r.name, m.name, mv.version, 'os', null, ro.starts_on::text
    from rollouts ro
    join rooms r on r.id = ro.room_id
    join master_versions mv on mv.id = ro.master_version_id
    join masters m on m.id = mv.master_id
    where ${where} and m.name = ${kioskOsMasterName} and ro.starts_on <= ${input.fromDate}
    order by r.id, ro.starts_on desc, ro.created_at desc)`);
  type Row = {
    roomId: string;
    roomName: string;
    name: string;
    version: string;
    kind: "session" | "rollout" | "os";
    startsAt: Date | string | null;
    startsOn: string | null;
  };
  return resultRows<Row>(result).map((r) => ({
    roomId: r.roomId,
    roomName: r.roomName,
    name: r.name,
    version: r.version,
    source:
      r.kind === "session"
        ? { kind: "session", startsAt: new Date(r.startsAt as string) }
        : { kind: "rollout", startsOn: r.startsOn as string },
    isOsTarget: r.kind === "os",
  }));
}

/**
 * The versions the portal's store must keep, whatever their age: those of sessions not
 * cancelled and not over at `now`, of rollouts not over on `today` (the earliest site date in
 * use), and every room's kiosk-OS target (see `findRoomNeeds`: a post keeps running it, and a
 * spare that replaces a post installs it).
 */
export async function findVersionsInUse(
  db: Db,
  input: { now: Date; today: string },
): Promise<{ name: string; version: string }[]> {
  const result = await db.execute(sql`
    select m.name, mv.version
    from sessions s
    join master_versions mv on mv.id = s.master_version_id
    join masters m on m.id = mv.master_id
    where s.cancelled_at is null and s.ends_at > ${input.now.toISOString()}
    union
    select m.name, mv.version
    from rollouts ro
    join master_versions mv on mv.id = ro.master_version_id
    join masters m on m.id = mv.master_id
    where ro.ends_on >= ${input.today}
    union
    select name, version from (select distinct on (ro.room_id) m.name, mv.version
      from rollouts ro
      join master_versions mv on mv.id = ro.master_version_id
      join masters m on m.id = mv.master_id
      where m.name = ${kioskOsMasterName} and ro.starts_on <= ${input.today}
      order by ro.room_id, ro.starts_on desc, ro.created_at desc) os
    order by 1, 2`);
  return resultRows<{ name: string; version: string }>(result);
}

export type SiteSettings = {
  id: string;
  name: string;
  timezone: string;
  nightWindowStart: string;
  nightWindowEnd: string;
  wanCapMbps: number | null;
};

const siteColumns = {
  id: sites.id,
  name: sites.name,
  timezone: sites.timezone,
  nightWindowStart: sites.nightWindowStart,
  nightWindowEnd: sites.nightWindowEnd,
  wanCapMbps: sites.wanCapMbps,
};

export async function getSiteOfRoom(db: Db, roomId: string): Promise<SiteSettings> {
  const [site] = await db
    .select(siteColumns)
    .from(rooms)
    .innerJoin(sites, eq(sites.id, rooms.siteId))
    .where(eq(rooms.id, roomId));
  if (!site) throw new Error(`room ${roomId} has no site`);
  return site;
}

export async function listSites(db: Db): Promise<SiteSettings[]> {
  return db.select(siteColumns).from(sites).orderBy(asc(sites.name));
}

/**
 * The catalogue row of a version found in the portal's store: created on first use (a rollout
 * or a session naming it), keeping the signed header for reference. Idempotent.
 */
export async function ensureMasterVersion(
  db: Db,
  input: {
    name: string;
    os: "linux" | "windows";
    description: string;
    version: string;
    header: unknown;
    virtualSize: number;
    publishedAt: Date;
  },
): Promise<string> {
  return db.transaction(async (tx) => {
    await tx
      .insert(masters)
      .values({ name: input.name, os: input.os, description: input.description })
      .onConflictDoNothing();
    const [master] = await tx.select({ id: masters.id }).from(masters).where(eq(masters.name, input.name));
    await tx
      .insert(masterVersions)
      .values({
        masterId: master!.id,
        version: input.version,
        manifest: input.header,
        sizeBytes: input.virtualSize,
        publishedAt: input.publishedAt,
      })
      .onConflictDoNothing();
    const [row] = await tx
      .select({ id: masterVersions.id })
      .from(masterVersions)
      .where(and(eq(masterVersions.masterId, master!.id), eq(masterVersions.version, input.version)));
    return row!.id;
  });
}

export async function insertRollout(
  db: Db,
  input: {
    masterVersionId: string;
    roomId: string;
    startsOn: string;
    endsOn: string;
    createdBy: string | null;
  },
): Promise<string> {
  const [row] = await db.insert(rollouts).values(input).returning({ id: rollouts.id });
  return row!.id;
}

export type RolloutRow = {
  id: string;
  name: string;
  version: string;
  roomId: string;
  roomName: string;
  siteName: string;
  startsOn: string;
  endsOn: string;
};

/** Rollouts still running or to come on `today` (a site date), soonest first. */
export async function listRollouts(db: Db, input: { today: string }): Promise<RolloutRow[]> {
  return db
    .select({
      id: rollouts.id,
      name: masters.name,
      version: masterVersions.version,
      roomId: rooms.id,
      roomName: rooms.name,
      siteName: sites.name,
      startsOn: rollouts.startsOn,
      endsOn: rollouts.endsOn,
    })
    .from(rollouts)
    .innerJoin(masterVersions, eq(masterVersions.id, rollouts.masterVersionId))
    .innerJoin(masters, eq(masters.id, masterVersions.masterId))
    .innerJoin(rooms, eq(rooms.id, rollouts.roomId))
    .innerJoin(sites, eq(sites.id, rooms.siteId))
    .where(gte(rollouts.endsOn, input.today))
    .orderBy(asc(rollouts.startsOn), asc(rooms.name));
}

/** Versions that at least one active post of the site reports verified (its last heartbeat). */
export async function findSiteVerifiedVersions(
  db: Db,
  siteId: string,
): Promise<{ name: string; version: string }[]> {
  const result = await db.execute(sql`
    select distinct m->>'name' as name, m->>'version' as version
    from kiosks k
    join rooms r on r.id = k.room_id
    cross join lateral jsonb_array_elements(coalesce(k.inventory->'masters', '[]'::jsonb)) m
    where r.site_id = ${siteId} and k.revoked_at is null and (m->>'verified')::boolean`);
  return resultRows<{ name: string; version: string }>(result);
}

/**
 * The room's pilot post for staged rollouts: its first registered, non-revoked post by label,
 * with the versions its last heartbeat reported verified.
 */
export async function findRoomPilot(
  db: Db,
  roomId: string,
): Promise<{ kioskId: string; verified: Set<string> } | undefined> {
  const result = await db.execute(sql`
    select k.id as "kioskId",
      coalesce((select array_agg((m->>'name') || '@' || (m->>'version'))
        from jsonb_array_elements(coalesce(k.inventory->'masters', '[]'::jsonb)) m
        where (m->>'verified')::boolean), '{}') as verified
    from kiosks k
    where k.room_id = ${roomId} and k.registered_at is not null and k.revoked_at is null
    order by k.label
    limit 1`);
  const [row] = resultRows<{ kioskId: string; verified: string[] }>(result);
  return row ? { kioskId: row.kioskId, verified: new Set(row.verified) } : undefined;
}

export type PostSyncProblem = {
  kioskLabel: string;
  roomName: string;
  siteName: string;
  name: string;
  version: string;
  state: string;
  problem: string | null;
  bytesMissing: number;
  updatedAt: string;
};

/** Posts whose last heartbeat reports a master refused (bad or unknown signature) or failing. */
export async function findSyncProblems(db: Db): Promise<PostSyncProblem[]> {
  const result = await db.execute(sql`
    select k.label as "kioskLabel", r.name as "roomName", s.name as "siteName",
      e->>'name' as name, e->>'version' as version, e->>'state' as state, e->>'problem' as problem,
      coalesce((e->>'bytesMissing')::bigint, 0) as "bytesMissing", e->>'updatedAt' as "updatedAt"
    from kiosks k
    join rooms r on r.id = k.room_id
    join sites s on s.id = r.site_id
    cross join lateral jsonb_array_elements(coalesce(k.inventory->'masterSync', '[]'::jsonb)) e
    where k.revoked_at is null and e->>'state' in ('refused', 'failed')
    order by s.name, r.name, k.label`);
  return resultRows<PostSyncProblem>(result).map((r) => ({ ...r, bytesMissing: Number(r.bytesMissing) }));
}
