import "server-only";
import { defaultTimeZone, localDate } from "@tremplin/domain/calendar";
import { type Period, periodSchema, recentPeriod } from "@tremplin/domain/reporting";

/**
 * The period a page shows: the one in its address if valid, else the last 90 days, with the
 * reason the address's was not taken (for the form to say).
 */
export function pagePeriod(search: { from?: unknown; to?: unknown }): {
  period: Period;
  error: string | undefined;
} {
  const fallback = recentPeriod(localDate(new Date(), defaultTimeZone), 90);
  if (search.from === undefined && search.to === undefined) return { period: fallback, error: undefined };
  const parsed = periodSchema.safeParse(search);
  if (parsed.success) return { period: parsed.data, error: undefined };
  const issue = parsed.error.issues[0]!;
  const field = issue.path[0] === "from" ? "Du" : "Au";
  return { period: fallback, error: `${field} : ${issue.message}` };
}
