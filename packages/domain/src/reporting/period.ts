import { z } from "zod";
import { addDays, defaultTimeZone, type LocalDate, startOfLocalDay } from "../calendar/local-time";

/** The longest period an export or a results page covers: a year and a day (a leap year). */
export const maxPeriodDays = 366;

const localDay = z
  .string({ message: "date attendue (AAAA-MM-JJ)" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "date attendue (AAAA-MM-JJ)", abort: true })
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(d);
  }, "cette date n'existe pas");

/**
 * A period typed by IT as two calendar days, both included ("du 1er au 30 novembre"), read in
 * the organisation's zone. `to` before `from`, or a span over `maxPeriodDays`, is refused
 * naming the field.
 */
export const periodSchema = z
  .object({ from: localDay, to: localDay })
  .refine((p) => p.from <= p.to, { path: ["to"], message: "la fin précède le début", when: bothDaysValid })
  .refine((p) => daysBetween(p.from, p.to) < maxPeriodDays, {
    path: ["to"],
    message: `${maxPeriodDays} jours au plus`,
    when: bothDaysValid,
  });

// The span is checked only between two real days: a malformed one is reported once, by itself.
function bothDaysValid(payload: { issues: readonly unknown[] }): boolean {
  return payload.issues.length === 0;
}
export type Period = z.infer<typeof periodSchema>;

function daysBetween(from: LocalDate, to: LocalDate): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/** The period as instants: [start of `from`, start of the day after `to`) in the zone. */
export function periodInstants(period: Period, timeZone = defaultTimeZone): { from: Date; to: Date } {
  return {
    from: startOfLocalDay(period.from, timeZone),
    to: startOfLocalDay(addDays(period.to, 1), timeZone),
  };
}

/** The default period of a page: the `days` days up to and including today. */
export function recentPeriod(today: LocalDate, days: number): Period {
  return { from: addDays(today, -(days - 1)), to: today };
}
