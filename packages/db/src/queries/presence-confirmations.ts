import { defaultTimeZone } from "@tremplin/domain/calendar";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { readRows, timestamp } from "../rows";
import { attendanceRecords } from "../schema/index";

/**
 * The live sessions a learner is seated in that meet `[from, to)`: those whose half-days they
 * may confirm now. The zone is the room's site's, or the default one for a remote session.
 */
export async function listLearnerSessionsBetween(db: Db, input: { learnerId: string; from: Date; to: Date }) {
  const result = await db.execute(sql`
    select s.id, s.starts_at as "startsAt", s.ends_at as "endsAt", t.title as "trainingTitle",
           r.name as "roomName", coalesce(si.timezone, ${defaultTimeZone}) as timezone
    from enrolments e
    join sessions s on s.id = e.session_id
    join trainings t on t.id = s.training_id
    left join rooms r on r.id = s.room_id
    left join sites si on si.id = r.site_id
    where e.learner_id = ${input.learnerId} and e.status in ('enrolled', 'completed')
      and s.cancelled_at is null
      and s.starts_at < ${input.to.toISOString()}::timestamptz
      and s.ends_at > ${input.from.toISOString()}::timestamptz
    order by s.starts_at`);
  return readRows(
    result,
    z.object({
      id: z.string(),
      startsAt: timestamp,
      endsAt: timestamp,
      trainingTitle: z.string(),
      roomName: z.string().nullable(),
      timezone: z.string(),
    }),
  );
}
export type LearnerSessionRow = Awaited<ReturnType<typeof listLearnerSessionsBetween>>[number];

/** A learner's confirmations (`signature` records) in these sessions, with the post if given there. */
export async function listLearnerSignatures(db: Db, input: { learnerId: string; sessionIds: string[] }) {
  if (input.sessionIds.length === 0) return [];
  const result = await db.execute(sql`
    select a.session_id as "sessionId", a.started_at as "at", k.label as "kioskLabel"
    from attendance_records a left join kiosks k on k.id = a.kiosk_id
    where a.learner_id = ${input.learnerId} and a.source = 'signature'
      and a.session_id in (${sql.join(
        input.sessionIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
    order by a.started_at`);
  return readRows(
    result,
    z.object({ sessionId: z.string(), at: timestamp, kioskLabel: z.string().nullable() }),
  );
}

/**
 * The learner's confirmation given on the portal: a `signature` record without a post. `key`
 * is the form's own id, so the same form sent twice stores one record; false if it was already.
 */
export async function insertPortalSignature(
  db: Db,
  input: { sessionId: string; learnerId: string; at: Date; key: string },
): Promise<boolean> {
  const rows = await db
    .insert(attendanceRecords)
    .values({
      sessionId: input.sessionId,
      learnerId: input.learnerId,
      source: "signature",
      status: "present",
      startedAt: input.at,
      endedAt: input.at,
      checkInEventId: input.key,
      createdAt: input.at,
    })
    .onConflictDoNothing()
    .returning({ id: attendanceRecords.id });
  return rows.length > 0;
}
