import "server-only";
import type { Db } from "@tremplin/db/client";
import { listPlanningChoices, listSessionsBetween } from "@tremplin/db/queries/planning";
import { addDays, defaultTimeZone, type LocalDate, localDate, zonedInstant } from "@tremplin/domain/calendar";
import { sessionDays, weekDays, weekOf } from "@tremplin/domain/planning";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { attendanceHours, weeklyAttendanceHours } from "./attendance-hours";
import { filterSessions, type PlanningFilters } from "./planning-filters";

/**
 * The IT planning page: the week holding `day` (Monday first), its sessions placed on the days
 * they occur, the attendance hours of those sessions and of the eight weeks up to this one.
 * `filters` narrow the calendar and the per-session hours to a site, a room or a trainer.
 */
export async function getPlanningWeek(
  db: Db,
  input: { actor: Actor; day?: LocalDate | undefined; now: Date; filters?: PlanningFilters },
) {
  assertItAdmin(input.actor);
  const monday = weekOf(input.day ?? localDate(input.now, defaultTimeZone));
  const days = weekDays(monday, defaultTimeZone);
  const from = days[0]!.startsAt;
  const to = zonedInstant(addDays(monday, 7), "00:00", defaultTimeZone);
  const [all, choices, weeks] = await Promise.all([
    listSessionsBetween(db, { from, to }),
    listPlanningChoices(db),
    weeklyAttendanceHours(db, { monday, weeks: 8, now: input.now }),
  ]);
  const sessions = filterSessions(all, input.filters ?? {});
  const hours = await attendanceHours(db, { sessions, now: input.now });
  const calendar = days.map((day) => ({
    ...day,
    sessions: sessions.flatMap((s) =>
      sessionDays(s, s.timezone)
        .filter((d) => d.date === day.date)
        .map((d) => ({ session: s, startsAt: d.startsAt, endsAt: d.endsAt })),
    ),
  }));
  return {
    monday,
    previous: addDays(monday, -7),
    next: addDays(monday, 7),
    calendar,
    choices,
    sessionHours: hours.perSession,
    weekHours: weeks,
  };
}
