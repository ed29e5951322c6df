import { progressStatuses } from "@tremplin/domain/progress";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { jsonValue, readRows, timestamp } from "../rows";

const gradebookRowSchema = z.object({
  enrolmentId: z.string(),
  learnerId: z.string(),
  displayName: z.string(),
  username: z.string(),
  moduleId: z.string(),
  title: z.string(),
  position: z.number(),
  kind: z.string(),
  isRequired: z.boolean(),
  status: z.enum(progressStatuses).nullable(),
  scoreRaw: z.number().nullable(),
  /** A quiz's own pass mark, if its content sets a valid one. */
  quizPassingScorePercent: z.number().int().min(0).max(100).nullable().catch(null),
  total: z.number(),
  retained: z.number(),
  best: z.number().nullable(),
  lastIsRetained: z.boolean().nullable(),
  lastExplanation: z.string().nullable(),
  /** The rule that decided it (`rule_applied`), for the explanation in another language. */
  lastRule: jsonValue.nullable(),
  lastAt: timestamp.nullable(),
});
export type GradebookRow = z.infer<typeof gradebookRowSchema>;

/**
 * Every seated learner of a session × every module of its training, in one statement: progress
 * and attempts as the results pages and certificates read them (a learner's progress and
 * attempts per module, whatever the enrolment they were made under; the best score among
 * retained attempts), with the latest attempt's decision. Learners by name, modules in order.
 */
export async function listGradebookRows(db: Db, sessionId: string): Promise<GradebookRow[]> {
  const result = await db.execute(sql`
    select e.id as "enrolmentId", u.id as "learnerId", u.display_name as "displayName", u.username,
           m.id as "moduleId", m.title, m.position, m.kind, m.is_required as "isRequired",
           p.status, p.score_raw as "scoreRaw",
           case when m.kind = 'quiz' and jsonb_typeof(m.content -> 'passingScorePercent') = 'number'
             then round((m.content ->> 'passingScorePercent')::numeric)::int end as "quizPassingScorePercent",
           coalesce(a.total, 0)::int as total, coalesce(a.retained, 0)::int as retained, a.best,
           l.is_retained as "lastIsRetained", l.explanation as "lastExplanation", l.rule_applied as "lastRule", l.submitted_at as "lastAt"
    from enrolments e
    join users u on u.id = e.learner_id
    join modules m on m.training_id = e.training_id
    left join progress p on p.learner_id = e.learner_id and p.module_id = m.id
    left join lateral (
      select count(*) as total, count(*) filter (where t.is_retained) as retained,
             max(t.score_percent) filter (where t.is_retained) as best
      from assessment_attempts t where t.learner_id = e.learner_id and t.module_id = m.id
    ) a on true
    left join lateral (
      select t.is_retained, t.explanation, t.rule_applied, t.submitted_at
      from assessment_attempts t where t.learner_id = e.learner_id and t.module_id = m.id
      order by t.submitted_at desc, t.attempt_no desc limit 1
    ) l on true
    where e.session_id = ${sessionId} and e.status in ('enrolled', 'completed')
    order by u.display_name, u.username, m.position`);
  return readRows(result, gradebookRowSchema);
}
