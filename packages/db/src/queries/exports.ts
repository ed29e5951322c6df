import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { jsonValue, readRows, timestamp } from "../rows";

/**
 * IT's exports over a period read in batches, each after the last row of the one before
 * (keyset pagination on an indexed `(instant, id)`): memory stays at one batch whatever the
 * period holds, and a batch costs the same at the end of a year as at its start, unlike OFFSET.
 * Cursors would pin a connection for the whole download; batches take one only while they run.
 */
export type Keyset = { at: Date; id: string };
type Range = { from: Date; to: Date; after: Keyset | undefined; limit: number };

/**
 * `and (<alias>.<instant>, <alias>.id) > (after)`; the columns are this module's constants. The
 * plain `>=` on the instant is implied by the row comparison but lets an index on the instant
 * alone start its scan there: without it each batch scans from the period's start again.
 */
const afterClause = (alias: string, instant: string, after: Keyset | undefined) => {
  if (!after) return sql``;
  const column = sql.raw(`${alias}.${instant}`);
  const at = after.at.toISOString();
  return sql`and ${column} >= ${at}::timestamptz and (${column}, ${sql.raw(`${alias}.id`)}) > (${at}::timestamptz, ${after.id}::uuid)`;
};

/** Sessions (not cancelled) that start in [from, to), in start order. */
export async function listSessionIdsStartingBetween(db: Db, range: Range) {
  return readRows(
    await db.execute(sql`
      select s.id, s.starts_at as at from sessions s
      where s.starts_at >= ${range.from.toISOString()} and s.starts_at < ${range.to.toISOString()}
        and s.cancelled_at is null ${afterClause("s", "starts_at", range.after)}
      order by s.starts_at, s.id limit ${range.limit}`),
    z.object({ id: z.string(), at: timestamp }),
  );
}

/** Assessment attempts submitted in [from, to), with learner, training, session and module. */
export async function listAttemptsBetween(db: Db, range: Range) {
  return readRows(
    await db.execute(sql`
      select a.id, a.submitted_at as at, u.display_name as "learnerName", u.username,
             t.title as "trainingTitle", t.code as "trainingCode", s.starts_at as "sessionStartsAt",
             m.title as "moduleTitle", a.attempt_no as "attemptNo", a.source,
             a.score_percent as "scorePercent", a.is_retained as "isRetained", a.explanation
      from assessment_attempts a
      join users u on u.id = a.learner_id
      join modules m on m.id = a.module_id
      join trainings t on t.id = m.training_id
      join enrolments e on e.id = a.enrolment_id
      left join sessions s on s.id = e.session_id
      where a.submitted_at >= ${range.from.toISOString()} and a.submitted_at < ${range.to.toISOString()}
        ${afterClause("a", "submitted_at", range.after)}
      order by a.submitted_at, a.id limit ${range.limit}`),
    z.object({
      id: z.string(),
      at: timestamp,
      learnerName: z.string(),
      username: z.string(),
      trainingTitle: z.string(),
      trainingCode: z.string(),
      sessionStartsAt: timestamp.nullable(),
      moduleTitle: z.string(),
      attemptNo: z.number(),
      source: z.string(),
      scorePercent: z.number(),
      isRetained: z.boolean(),
      explanation: z.string(),
    }),
  );
}

/** Audit log lines written in [from, to), oldest first. */
export async function listAuditBetween(db: Db, range: Range) {
  return readRows(
    await db.execute(sql`
      select l.id, l.at, l.actor_label as "actorLabel", l.action, l.entity_type as "entityType",
             l.entity_id as "entityId", l.details, l.request_id as "requestId"
      from audit_log l
      where l.at >= ${range.from.toISOString()} and l.at < ${range.to.toISOString()}
        ${afterClause("l", "at", range.after)}
      order by l.at, l.id limit ${range.limit}`),
    z.object({
      id: z.string(),
      at: timestamp,
      actorLabel: z.string(),
      action: z.string(),
      entityType: z.string(),
      entityId: z.string().nullable(),
      details: jsonValue,
      requestId: z.string().nullable(),
    }),
  );
}
