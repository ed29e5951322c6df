import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "../client";
import { readRows, timestamp } from "../rows";
import { attendanceRecords, attendanceValidations, kiosks, sessions, users } from "../schema/index";

const recorder = alias(users, "recorder");

/**
 * The people on a session's sheet: everyone enrolled (or who completed it), and anyone with
 * attendance evidence for it (a logon the kiosk policy let through), so no evidence is hidden.
 */
export async function listSheetLearners(db: Db, sessionId: string) {
  const result = await db.execute(sql`
    select u.id, u.display_name as "displayName", u.username, e.id as "enrolmentId", e.status as "enrolmentStatus"
    from users u
    left join enrolments e on e.learner_id = u.id and e.session_id = ${sessionId}
      and e.status in ('enrolled', 'completed')
    where e.id is not null
       or exists (select 1 from attendance_records a where a.session_id = ${sessionId} and a.learner_id = u.id)
    order by u.display_name, u.username`);
  return readRows(
    result,
    z.object({
      id: z.string(),
      displayName: z.string(),
      username: z.string(),
      enrolmentId: z.string().nullable(),
      enrolmentStatus: z.string().nullable(),
    }),
  );
}
export type SheetLearner = Awaited<ReturnType<typeof listSheetLearners>>[number];

/** Every attendance record of the sessions, with the post's label and who recorded a correction. */
export async function listAttendanceRecords(db: Db, sessionIds: string[]) {
  if (sessionIds.length === 0) return [];
  return db
    .select({
      id: attendanceRecords.id,
      sessionId: attendanceRecords.sessionId,
      learnerId: attendanceRecords.learnerId,
      source: attendanceRecords.source,
      status: attendanceRecords.status,
      kioskLabel: kiosks.label,
      startedAt: attendanceRecords.startedAt,
      endedAt: attendanceRecords.endedAt,
      endReason: attendanceRecords.endReason,
      reason: attendanceRecords.reason,
      recordedByName: recorder.displayName,
      createdAt: attendanceRecords.createdAt,
    })
    .from(attendanceRecords)
    .leftJoin(kiosks, eq(kiosks.id, attendanceRecords.kioskId))
    .leftJoin(recorder, eq(recorder.id, attendanceRecords.recordedBy))
    .where(inArray(attendanceRecords.sessionId, sessionIds))
    .orderBy(asc(attendanceRecords.startedAt), asc(attendanceRecords.createdAt));
}
export type AttendanceRow = Awaited<ReturnType<typeof listAttendanceRecords>>[number];

/** Remote work of the session's learners: active time summed over modules, last activity. */
export async function listRemoteActivity(db: Db, sessionId: string) {
  const result = await db.execute(sql`
    select e.learner_id as "learnerId",
           coalesce(sum(p.active_seconds), 0)::int as "activeSeconds",
           greatest(max(p.updated_at), max(e.last_activity_at)) as "lastActivityAt"
    from enrolments e
    left join progress p on p.enrolment_id = e.id
    where e.session_id = ${sessionId} and e.status in ('enrolled', 'completed')
    group by e.learner_id`);
  return readRows(
    result,
    z.object({ learnerId: z.string(), activeSeconds: z.number(), lastActivityAt: timestamp.nullable() }),
  );
}

export async function listValidations(db: Db, sessionId: string) {
  return db
    .select({
      date: attendanceValidations.date,
      period: attendanceValidations.period,
      validatedAt: attendanceValidations.validatedAt,
      validatedByName: users.displayName,
    })
    .from(attendanceValidations)
    .innerJoin(users, eq(users.id, attendanceValidations.validatedBy))
    .where(eq(attendanceValidations.sessionId, sessionId));
}
export type ValidationRow = Awaited<ReturnType<typeof listValidations>>[number];

/** A trainer's correction for one learner and one half-day: a record covering the half-day. */
export async function insertCorrection(
  tx: Db,
  values: {
    sessionId: string;
    learnerId: string;
    status: "present" | "absent";
    startedAt: Date;
    endedAt: Date;
    reason: string;
    recordedBy: string;
    createdAt: Date;
  },
): Promise<{ id: string }> {
  const [row] = await tx
    .insert(attendanceRecords)
    .values({ ...values, source: "trainer" })
    .returning({ id: attendanceRecords.id });
  return row!;
}

type HalfDayRef = { sessionId: string; date: string; period: "am" | "pm" };

/** Withdraws a half-day's validation; true if there was one. */
export async function deleteValidation(tx: Db, ref: HalfDayRef): Promise<boolean> {
  const rows = await tx
    .delete(attendanceValidations)
    .where(
      and(
        eq(attendanceValidations.sessionId, ref.sessionId),
        eq(attendanceValidations.date, ref.date),
        eq(attendanceValidations.period, ref.period),
      ),
    )
    .returning({ id: attendanceValidations.id });
  return rows.length > 0;
}

/** Records the validation; false if the half-day was already validated (the first one stands). */
export async function insertValidation(
  tx: Db,
  ref: HalfDayRef & { validatedBy: string; validatedAt: Date },
): Promise<boolean> {
  const rows = await tx
    .insert(attendanceValidations)
    .values(ref)
    .onConflictDoNothing()
    .returning({ id: attendanceValidations.id });
  return rows.length > 0;
}

/** Saves the notes only if they are still `previous`: a concurrent edit is not overwritten. */
export async function updateNotesIfUnchanged(
  tx: Db,
  input: { sessionId: string; previous: string; next: string },
): Promise<boolean> {
  const rows = await tx
    .update(sessions)
    .set({ notes: input.next })
    .where(and(eq(sessions.id, input.sessionId), eq(sessions.notes, input.previous)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** The latest trainer correction of a learner for the half-day starting at `startedAt`. */
export async function findLatestCorrection(
  db: Db,
  ref: { sessionId: string; learnerId: string; startedAt: Date },
) {
  const [row] = await db
    .select({
      id: attendanceRecords.id,
      status: attendanceRecords.status,
      reason: attendanceRecords.reason,
      createdAt: attendanceRecords.createdAt,
    })
    .from(attendanceRecords)
    .where(
      and(
        eq(attendanceRecords.sessionId, ref.sessionId),
        eq(attendanceRecords.learnerId, ref.learnerId),
        eq(attendanceRecords.source, "trainer"),
        eq(attendanceRecords.startedAt, ref.startedAt),
      ),
    )
    .orderBy(desc(attendanceRecords.createdAt))
    .limit(1);
  return row;
}

/**
 * Deletes the attendance evidence (records and validations) of up to `limit` sessions whose
 * training's retention ran out after their end, unless a certificate of the session is under
 * legal hold. Returns the sessions purged.
 */
export async function deleteExpiredAttendance(
  tx: Db,
  input: { now: Date; limit: number },
): Promise<string[]> {
  const expired = readRows(
    await tx.execute(sql`
      select s.id from sessions s join trainings t on t.id = s.training_id
      where s.ends_at < ${input.now.toISOString()}::timestamptz - make_interval(years => t.evidence_retention_years)
        and (exists (select 1 from attendance_records a where a.session_id = s.id)
             or exists (select 1 from attendance_validations v where v.session_id = s.id))
        and not exists (select 1 from certificates c where c.session_id = s.id and c.legal_hold)
      order by s.ends_at limit ${input.limit}`),
    z.object({ id: z.string() }),
  ).map((r) => r.id);
  if (expired.length === 0) return [];
  await tx.delete(attendanceRecords).where(inArray(attendanceRecords.sessionId, expired));
  await tx.delete(attendanceValidations).where(inArray(attendanceValidations.sessionId, expired));
  return expired;
}
