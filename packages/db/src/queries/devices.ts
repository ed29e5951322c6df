import type { HeartbeatRequest, ScheduledSession } from "@tremplin/domain/device";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { readRows, timestamp } from "../rows";
import { kioskHeartbeats, kiosks, rooms, sites } from "../schema/index";

/** A post as its device token identifies it: everything a `me/*` call needs, in one read. */
export type DeviceIdentity = {
  kioskId: string;
  label: string;
  roomId: string;
  roomName: string;
  timezone: string;
  revokedAt: Date | null;
};

export async function findDeviceByTokenHash(db: Db, tokenHash: string): Promise<DeviceIdentity | undefined> {
  const [row] = await db
    .select({
      kioskId: kiosks.id,
      label: kiosks.label,
      roomId: kiosks.roomId,
      roomName: rooms.name,
      timezone: sites.timezone,
      revokedAt: kiosks.revokedAt,
    })
    .from(kiosks)
    .innerJoin(rooms, eq(rooms.id, kiosks.roomId))
    .innerJoin(sites, eq(sites.id, rooms.siteId))
    .where(eq(kiosks.tokenHash, tokenHash))
    .limit(1);
  return row;
}

/**
 * Trades a registration code for a token in a single statement: the row matches only while the
 * code is unexpired and clears it as it sets the token, so two posts racing with the same code
 * cannot both win. A re-registration replaces the previous token and lifts a revocation.
 */
export async function claimRegistrationCode(
  db: Db,
  input: { codeHash: string; tokenHash: string; agentVersion: string; hostname: string; now: Date },
): Promise<{ kioskId: string; label: string; roomId: string; roomName: string } | undefined> {
  const [kiosk] = await db
    .update(kiosks)
    .set({
      tokenHash: input.tokenHash,
      registeredAt: input.now,
      revokedAt: null,
      registrationCodeHash: null,
      registrationCodeExpiresAt: null,
      agentVersion: input.agentVersion,
      inventory: sql`coalesce(${kiosks.inventory}, '{}'::jsonb) || ${JSON.stringify({ hostname: input.hostname })}::jsonb`,
    })
    .where(
      and(eq(kiosks.registrationCodeHash, input.codeHash), gt(kiosks.registrationCodeExpiresAt, input.now)),
    )
    .returning({ kioskId: kiosks.id, label: kiosks.label, roomId: kiosks.roomId });
  if (!kiosk) return undefined;
  const [room] = await db.select({ name: rooms.name }).from(rooms).where(eq(rooms.id, kiosk.roomId));
  return { ...kiosk, roomName: room!.name };
}

/**
 * The room's sessions overlapping [from, to), cancelled ones left out, each with its trainer,
 * master and enrolled learners (waitlisted and cancelled enrolments excluded): one query.
 */
export async function findRoomSchedule(
  db: Db,
  input: { roomId: string; from: Date; to: Date },
): Promise<ScheduledSession[]> {
  const result = await db.execute(sql`
    select s.id, t.title as "trainingTitle", s.starts_at as "startsAt", s.ends_at as "endsAt",
      tr.username as "trainerUsername", m.name as "masterName", mv.version as "masterVersion",
      coalesce((select array_agg(u.username order by u.username) from enrolments e
        join users u on u.id = e.learner_id
        where e.session_id = s.id and e.status = 'enrolled'), '{}') as "enrolledUsernames"
    from sessions s
    join trainings t on t.id = s.training_id
    left join users tr on tr.id = s.trainer_id
    left join master_versions mv on mv.id = s.master_version_id
    left join masters m on m.id = mv.master_id
    where s.room_id = ${input.roomId} and s.cancelled_at is null
      and s.starts_at < ${input.to.toISOString()} and s.ends_at > ${input.from.toISOString()}
    order by s.starts_at, s.id`);
  const row = z.object({
    id: z.string(),
    trainingTitle: z.string(),
    startsAt: timestamp,
    endsAt: timestamp,
    trainerUsername: z.string().nullable(),
    masterName: z.string().nullable(),
    masterVersion: z.string().nullable(),
    enrolledUsernames: z.array(z.string()),
  });
  return readRows(result, row).map(({ masterName, masterVersion, ...r }) => ({
    ...r,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    master: masterName && masterVersion ? { name: masterName, version: masterVersion } : null,
  }));
}

/** How long the per-beat history is kept: enough for the fleet chart and a post-mortem. */
export const heartbeatRetentionMs = 14 * 86_400_000;

/**
 * The post's latest state goes on its row (what the fleet page lists), the beat itself is
 * appended to the history (what the chart draws); beats past the retention are dropped.
 */
export async function recordHeartbeat(
  db: Db,
  kioskId: string,
  beat: HeartbeatRequest,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(kiosks)
      .set({
        lastSeenAt: now,
        agentVersion: beat.agentVersion,
        accelerator: beat.accelerator,
        outboxDepth: beat.outboxDepth,
        inventory: {
          ...beat.inventory,
          hostname: beat.inventory.os.hostname,
          masters: beat.masters,
          masterSync: beat.masterSync ?? [],
          state: beat.state,
          acceleratorReason: beat.acceleratorReason,
          sentAt: beat.sentAt,
          // The kiosk OS's version, slot and last update; null from a hand-installed agent.
          system: beat.system ?? null,
        },
      })
      .where(eq(kiosks.id, kioskId));
    await tx.insert(kioskHeartbeats).values({ kioskId, receivedAt: now, payload: beat });
    await tx
      .delete(kioskHeartbeats)
      .where(
        and(
          eq(kioskHeartbeats.kioskId, kioskId),
          lt(kioskHeartbeats.receivedAt, new Date(now.getTime() - heartbeatRetentionMs)),
        ),
      );
  });
}
