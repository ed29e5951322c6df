import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { readOnlyRow, readRows, timestamp } from "../rows";

const attemptColumns = sql`a.id, a.enrolment_id as "enrolmentId", a.module_id as "moduleId", a.attempt_no as "attemptNo",
  a.source, a.client_key as "clientKey", a.submission, a.score_percent as "scorePercent",
  a.content_version as "contentVersion", a.submitted_at as "submittedAt", a.is_retained as "isRetained",
  a.rule_applied as "ruleApplied", a.explanation`;

const attemptRow = z.object({
  id: z.string(),
  enrolmentId: z.string(),
  moduleId: z.string(),
  attemptNo: z.number(),
  source: z.enum(["quiz", "scorm"]),
  clientKey: z.string(),
  submission: z.unknown(),
  scorePercent: z.number(),
  contentVersion: z.number(),
  submittedAt: timestamp,
  isRetained: z.boolean(),
  ruleApplied: z.unknown(),
  explanation: z.string(),
});
const rows = (result: unknown) => readRows(result, attemptRow);

/** A learner's attempts on a module, oldest first. */
export async function listModuleAttempts(db: Db, input: { learnerId: string; moduleId: string }) {
  return rows(
    await db.execute(sql`select ${attemptColumns} from assessment_attempts a
      where a.learner_id = ${input.learnerId} and a.module_id = ${input.moduleId}
      order by a.attempt_no`),
  );
}
export type Attempt = Awaited<ReturnType<typeof listModuleAttempts>>[number];

export async function findAttemptByKey(
  tx: Db,
  input: { learnerId: string; moduleId: string; clientKey: string },
) {
  return rows(
    await tx.execute(sql`select ${attemptColumns} from assessment_attempts a
      where a.learner_id = ${input.learnerId} and a.module_id = ${input.moduleId} and a.client_key = ${input.clientKey}`),
  )[0];
}

/** How many attempts came before and how many of them counted (call with the progress row locked). */
export async function countAttempts(
  tx: Db,
  input: { learnerId: string; moduleId: string; excludeId?: string },
) {
  return readOnlyRow(
    await tx.execute(sql`select count(*)::int as total, count(*) filter (where is_retained)::int as retained,
        coalesce(max(attempt_no), 0)::int as "lastNo"
      from assessment_attempts
      where learner_id = ${input.learnerId} and module_id = ${input.moduleId}
        ${input.excludeId ? sql`and id <> ${input.excludeId}` : sql``}`),
    z.object({ total: z.number(), retained: z.number(), lastNo: z.number() }),
  );
}

export type AttemptValues = {
  learnerId: string;
  enrolmentId: string;
  moduleId: string;
  attemptNo: number;
  source: "quiz" | "scorm";
  clientKey: string;
  submission: unknown;
  scorePercent: number;
  contentVersion: number;
  submittedAt: Date;
  isRetained: boolean;
  ruleApplied: unknown;
  explanation: string;
};

export async function insertAttempt(tx: Db, v: AttemptValues): Promise<string> {
  const row = readOnlyRow(
    await tx.execute(sql`insert into assessment_attempts
      (learner_id, enrolment_id, module_id, attempt_no, source, client_key, submission, score_percent,
       content_version, submitted_at, is_retained, rule_applied, explanation)
      values (${v.learnerId}, ${v.enrolmentId}, ${v.moduleId}, ${v.attemptNo}, ${v.source}, ${v.clientKey},
        ${JSON.stringify(v.submission)}::jsonb, ${v.scorePercent}, ${v.contentVersion}, ${v.submittedAt.toISOString()},
        ${v.isRetained}, ${JSON.stringify(v.ruleApplied)}::jsonb, ${v.explanation})
      returning id`),
    z.object({ id: z.string() }),
  );
  return row.id;
}

/** A SCORM launch reported a new score: its one attempt is decided again on the new figures. */
export async function updateAttempt(
  tx: Db,
  id: string,
  v: Pick<
    AttemptValues,
    "submission" | "scorePercent" | "submittedAt" | "isRetained" | "ruleApplied" | "explanation"
  >,
) {
  await tx.execute(sql`update assessment_attempts set submission = ${JSON.stringify(v.submission)}::jsonb,
      score_percent = ${v.scorePercent}, submitted_at = ${v.submittedAt.toISOString()}, is_retained = ${v.isRetained},
      rule_applied = ${JSON.stringify(v.ruleApplied)}::jsonb, explanation = ${v.explanation}
    where id = ${id}`);
}

/**
 * A learner's attempts across trainings, newest first, with the module, its position and the
 * training: the support view's timeline.
 */
export async function listLearnerAttempts(db: Db, input: { learnerId: string; limit?: number }) {
  const result =
    await db.execute(sql`select ${attemptColumns}, m.title as "moduleTitle", m.position as "modulePosition",
      m.kind as "moduleKind", m.content_version as "currentContentVersion", t.title as "trainingTitle",
      t.code as "trainingCode"
    from assessment_attempts a
    join modules m on m.id = a.module_id
    join trainings t on t.id = m.training_id
    where a.learner_id = ${input.learnerId}
    order by a.submitted_at desc, a.attempt_no desc
    limit ${input.limit ?? 200}`);
  return readRows(
    result,
    attemptRow.extend({
      moduleTitle: z.string(),
      modulePosition: z.number(),
      moduleKind: z.string(),
      currentContentVersion: z.number(),
      trainingTitle: z.string(),
      trainingCode: z.string(),
    }),
  );
}
export type TimelineAttempt = Awaited<ReturnType<typeof listLearnerAttempts>>[number];
