import { and, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { numeric, readOnlyRow, readRows, timestamp } from "../rows";
import { satisfactionSurveys } from "../schema/index";

/**
 * Writes the survey owed to each learner who attended a session that ended at or before `now`
 * (an enrolment held to the end, and at least one presence recorded), with its invitation mail,
 * in one statement: the mail exists exactly when the survey does. A session is looked at only if
 * it ended after `since` (the sweep's reach: an old session gets no late invitation) and was not
 * cancelled. The unique index on the enrolment makes a second sweep, or two instances sweeping at
 * once, write nothing more. Returns how many surveys were written.
 */
export async function queueSurveyInvitations(
  db: Db,
  input: { now: Date; since: Date; answerDays: number },
): Promise<number> {
  const now = input.now.toISOString();
  const row = readOnlyRow(
    await db.execute(sql`
      with owed as (
        select e.id as enrolment_id, e.session_id, e.learner_id, s.ends_at
        from sessions s
        join enrolments e on e.session_id = s.id and e.status in ('enrolled', 'completed')
        where s.starts_at > ${input.since.toISOString()}::timestamptz - interval '60 days'
          and s.ends_at <= ${now} and s.ends_at > ${input.since.toISOString()}
          and s.cancelled_at is null
          and exists (select 1 from attendance_records a
                      where a.session_id = s.id and a.learner_id = e.learner_id and a.status = 'present')
          and not exists (select 1 from satisfaction_surveys v where v.enrolment_id = e.id)),
      written as (
        insert into satisfaction_surveys (enrolment_id, session_id, learner_id, invited_at, closes_at)
        select enrolment_id, session_id, learner_id, ${now},
               ends_at + make_interval(days => ${input.answerDays})
        from owed
        on conflict (enrolment_id) do nothing
        returning enrolment_id),
      mailed as (
        insert into mail_jobs (kind, enrolment_id, created_at)
        select 'survey_invitation', enrolment_id, ${now} from written
        returning id)
      select count(*) as n from mailed`),
    z.object({ n: numeric }),
  );
  return row.n;
}

/** A survey's answer as read: when (null until answered), the five ratings and the comment. */
export const surveyAnswer = {
  answeredAt: timestamp.nullable(),
  objectives: z.number().nullable(),
  content: z.number().nullable(),
  trainer: z.number().nullable(),
  organisation: z.number().nullable(),
  equipment: z.number().nullable(),
  comment: z.string().nullable(),
};
/** The columns `surveyAnswer` reads, from the surveys aliased `v`. */
export const surveyAnswerColumns = sql.raw(
  `v.answered_at as "answeredAt", v.objectives, v.content, v.trainer, v.organisation, v.equipment, v.comment`,
);
/** Surveys `v` with their session `s`, its training `t`, trainer `tr`, room `r` and site `si`. */
export const surveysWithSession = sql`
  from satisfaction_surveys v
  join sessions s on s.id = v.session_id
  join trainings t on t.id = s.training_id
  left join users tr on tr.id = s.trainer_id
  left join rooms r on r.id = s.room_id left join sites si on si.id = r.site_id`;

const surveyRow = z.object({
  id: z.string(),
  enrolmentId: z.string(),
  sessionId: z.string(),
  learnerId: z.string(),
  closesAt: timestamp,
  ...surveyAnswer,
  trainingTitle: z.string(),
  trainerName: z.string().nullable(),
  startsAt: timestamp,
  endsAt: timestamp,
  timezone: z.string(),
});
export type LearnerSurvey = z.output<typeof surveyRow>;

const surveySelect = sql`
  select v.id, v.enrolment_id as "enrolmentId", v.session_id as "sessionId", v.learner_id as "learnerId",
         v.closes_at as "closesAt", ${surveyAnswerColumns}, t.title as "trainingTitle",
         tr.display_name as "trainerName", s.starts_at as "startsAt", s.ends_at as "endsAt",
         coalesce(si.timezone, 'Europe/Paris') as timezone
  ${surveysWithSession}`;

/** The survey of one of the learner's enrolments, if one was owed; someone else's is not found. */
export async function findLearnerSurvey(db: Db, learnerId: string, enrolmentId: string) {
  const rows = readRows(
    await db.execute(
      sql`${surveySelect} where v.enrolment_id = ${enrolmentId} and v.learner_id = ${learnerId}`,
    ),
    surveyRow,
  );
  return rows[0];
}

/** The learner's surveys still open at `now`, newest session first: the prompts of "Mes formations". */
export async function listOpenSurveys(db: Db, learnerId: string, now: Date) {
  return readRows(
    await db.execute(
      sql`${surveySelect} where v.learner_id = ${learnerId} and v.closes_at > ${now.toISOString()} order by s.ends_at desc`,
    ),
    surveyRow,
  );
}

/** Records (or replaces) the answer if the survey is the learner's and still open; false otherwise. */
export async function saveSurveyAnswer(
  db: Db,
  input: {
    surveyId: string;
    learnerId: string;
    now: Date;
    answer: {
      objectives: number;
      content: number;
      trainer: number;
      organisation: number;
      equipment: number;
      comment: string | null;
    };
  },
): Promise<boolean> {
  const rows = await db
    .update(satisfactionSurveys)
    .set({ ...input.answer, answeredAt: input.now })
    .where(
      and(
        eq(satisfactionSurveys.id, input.surveyId),
        eq(satisfactionSurveys.learnerId, input.learnerId),
        gt(satisfactionSurveys.closesAt, input.now),
      ),
    )
    .returning({ id: satisfactionSurveys.id });
  return rows.length === 1;
}
