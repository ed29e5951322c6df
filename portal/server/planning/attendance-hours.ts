import "server-only";
import type { Db } from "@tremplin/db/client";
import { listAttendanceRecords } from "@tremplin/db/queries/attendance";
import { listSessionsBetween, type SessionRow } from "@tremplin/db/queries/planning";
import { assessHalfDay, halfDaysOf } from "@tremplin/domain/attendance";
import { addDays, defaultTimeZone, type LocalDate, zonedInstant } from "@tremplin/domain/calendar";
import { weekOf } from "@tremplin/domain/planning";

export type SessionHours = { session: SessionRow; plannedMs: number; retainedMs: number };
export type WeekHours = { monday: LocalDate; plannedMs: number; retainedMs: number };

/**
 * Attendance hours retained per session (all its learners together) and per week, by the same
 * rules as the attendance sheet. Planned hours are the session's hours times its seats taken,
 * so the two bars compare. A learner with no record retains nothing, so only records are read.
 */
export async function attendanceHours(db: Db, input: { sessions: SessionRow[]; now: Date }) {
  const records = await listAttendanceRecords(
    db,
    input.sessions.map((s) => s.id),
  );
  // session id → learner id → that learner's records in the session
  const grouped = new Map<string, Map<string, typeof records>>();
  for (const r of records) {
    const learners = grouped.get(r.sessionId) ?? new Map<string, typeof records>();
    learners.set(r.learnerId, [...(learners.get(r.learnerId) ?? []), r]);
    grouped.set(r.sessionId, learners);
  }
  const perSession: SessionHours[] = [];
  const perWeek = new Map<LocalDate, WeekHours>();
  for (const session of input.sessions) {
    const halfDays = halfDaysOf(session, session.timezone);
    const learnerRecords = [...(grouped.get(session.id)?.values() ?? [])];
    let sessionPlanned = 0;
    let sessionRetained = 0;
    for (const h of halfDays) {
      const planned = (h.endsAt.getTime() - h.startsAt.getTime()) * session.enrolled;
      const retained = learnerRecords.reduce(
        (sum, rs) => sum + assessHalfDay(h, rs, input.now).retainedMs,
        0,
      );
      sessionPlanned += planned;
      sessionRetained += retained;
      const monday = weekOf(h.date);
      const week = perWeek.get(monday) ?? { monday, plannedMs: 0, retainedMs: 0 };
      week.plannedMs += planned;
      week.retainedMs += retained;
      perWeek.set(monday, week);
    }
    perSession.push({ session, plannedMs: sessionPlanned, retainedMs: sessionRetained });
  }
  return { perSession, perWeek };
}

/** Hours per week over the `weeks` weeks ending with the one starting `monday`, oldest first. */
export async function weeklyAttendanceHours(
  db: Db,
  input: { monday: LocalDate; weeks: number; now: Date },
): Promise<WeekHours[]> {
  const first = addDays(input.monday, -7 * (input.weeks - 1));
  const from = zonedInstant(first, "00:00", defaultTimeZone);
  const to = zonedInstant(addDays(input.monday, 7), "00:00", defaultTimeZone);
  const sessions = await listSessionsBetween(db, { from, to });
  const { perWeek } = await attendanceHours(db, { sessions, now: input.now });
  return Array.from({ length: input.weeks }, (_, i) => {
    const monday = addDays(first, 7 * i);
    return perWeek.get(monday) ?? { monday, plannedMs: 0, retainedMs: 0 };
  });
}
