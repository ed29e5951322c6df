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
 * One batch's window on `<alias>.<instant>`: in [from, to) and `also`, after the last row read,
 * in (instant, id) order, `limit` rows; the columns are this module's constants. The plain `>=`
 * on the instant after a batch is implied by the row comparison but lets an index on the instant
 * alone start its scan there: without it each batch scans from the period's start again.
 */
const batchWindow = (alias: string, instant: string, range: Range, also = sql``) => {
  const column = sql.raw(`${alias}.${instant}`);
  const id = sql.raw(`${alias}.id`);
  const at = range.after?.at.toISOString();
  const after = range.after
    ? sql`and ${column} >= ${at}::timestamptz and (${column}, ${id}) > (${at}::timestamptz, ${range.after.id}::uuid)`
    : sql``;
  return sql`where ${column} >= ${range.from.toISOString()} and ${column} < ${range.to.toISOString()} ${also} ${after}
    order by ${column}, ${id} limit ${range.limit}`;
};

/** Sessions (not cancelled) that start in [from, to), in start order. */
export async function listSessionIdsStartingBetween(db: Db, range: Range) {
  return readRows(
    await db.execute(sql`
      select s.id, s.starts_at as at from sessions s
      ${batchWindow("s", "starts_at", range, sql`and s.cancelled_at is null`)}`),
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
      ${batchWindow("a", "submitted_at", range)}`),
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
      ${batchWindow("l", "at", range)}`),
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
