import { type LocalDate, zonedInstant } from "../calendar/local-time";
import { type SessionSpan, sessionDays } from "../planning/session-days";

export type Period = "am" | "pm";

/** One line of the attendance sheet: a morning or an afternoon of a session, with its hours. */
export type HalfDay = { date: LocalDate; period: Period; startsAt: Date; endsAt: Date };

/**
 * Where a day is cut. French training days break for lunch: 8h30–12h30 then 13h30–17h30 is
 * two half-days of four hours, and nobody is trained (or counted) in between.
 */
export type DaySplit = { morningEnds: string; afternoonStarts: string };
export const defaultDaySplit: DaySplit = { morningEnds: "12:30", afternoonStarts: "13:30" };

/**
 * The half-days of a session in `timeZone`, in order. A day that ends before the afternoon
 * starts is one morning; one that starts after the morning ends is one afternoon (an evening
 * class counts as an afternoon); a day across lunch is both, without the break.
 */
export function halfDaysOf(
  span: SessionSpan,
  timeZone: string,
  split: DaySplit = defaultDaySplit,
): HalfDay[] {
  return sessionDays(span, timeZone).flatMap(({ date, startsAt, endsAt }) => {
    const morningEnds = zonedInstant(date, split.morningEnds, timeZone);
    const afternoonStarts = zonedInstant(date, split.afternoonStarts, timeZone);
    if (endsAt <= afternoonStarts) return [{ date, period: "am" as const, startsAt, endsAt }];
    if (startsAt >= morningEnds) return [{ date, period: "pm" as const, startsAt, endsAt }];
    return [
      { date, period: "am" as const, startsAt, endsAt: morningEnds },
      { date, period: "pm" as const, startsAt: afternoonStarts, endsAt },
    ];
  });
}

/** A stable key for a half-day: `2026-11-23:am`. */
export function halfDayKey(halfDay: Pick<HalfDay, "date" | "period">): string {
  return `${halfDay.date}:${halfDay.period}`;
}
