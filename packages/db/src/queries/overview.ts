import { and, count, gte, isNull, lt } from "drizzle-orm";
import type { Db } from "../client";
import { sessions, sites, trainings } from "../schema/index";

/** Headline figures for the home page: catalogue size, sessions in the coming week, sites. */
export async function getOverview(db: Db, now: Date) {
  const weekAhead = new Date(now.getTime() + 7 * 24 * 3600 * 1000);
  const [[t], [s], [w]] = await Promise.all([
    db.select({ n: count() }).from(trainings),
    db.select({ n: count() }).from(sites),
    db
      .select({ n: count() })
      .from(sessions)
      .where(
        and(gte(sessions.startsAt, now), lt(sessions.startsAt, weekAhead), isNull(sessions.cancelledAt)),
      ),
  ]);
  return { trainings: t?.n ?? 0, sites: s?.n ?? 0, sessionsThisWeek: w?.n ?? 0 };
}
