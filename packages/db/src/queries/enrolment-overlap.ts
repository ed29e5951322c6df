import { defaultTimeZone } from "@tremplin/domain/calendar";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { executePrepared } from "../prepared";
import { readRow, timestamp } from "../rows";

const overlapRow = z.object({
  sessionId: z.string(),
  trainingTitle: z.string(),
  startsAt: timestamp,
  endsAt: timestamp,
  timezone: z.string(),
});

/**
 * The first session the learner holds (a seat or a place in line, not cancelled) that shares time
 * with `sessionId` — the rule of @tremplin/domain/enrolment's findOverlappingSession, in one
 * statement on enrolments_learner_idx: it runs before every self-enrolment, the portal's busiest
 * write, so it costs one indexed round trip and no list of the learner's enrolments.
 */
export async function findOverlappingEnrolment(db: Db, input: { learnerId: string; sessionId: string }) {
  return readRow(
    await executePrepared(
      db,
      sql`
      select o.id as "sessionId", t.title as "trainingTitle", o.starts_at as "startsAt",
             o.ends_at as "endsAt", coalesce(si.timezone, ${defaultTimeZone}) as timezone
      from sessions target
      join enrolments e on e.learner_id = ${input.learnerId} and e.status <> 'cancelled'
      join sessions o on o.id = e.session_id and o.id <> target.id and o.cancelled_at is null
        and o.starts_at < target.ends_at and target.starts_at < o.ends_at
      join trainings t on t.id = o.training_id
      left join rooms r on r.id = o.room_id
      left join sites si on si.id = r.site_id
      where target.id = ${input.sessionId}
      order by o.starts_at
      limit 1`,
    ),
    overlapRow,
  );
}
