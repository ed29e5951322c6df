import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { numeric, readRows, timestamp } from "../rows";
import { surveyAnswer, surveyAnswerColumns, surveysWithSession } from "./satisfaction";

const average = numeric.nullable();
const totals = {
  invited: numeric,
  answered: numeric,
  objectives: average,
  content: average,
  trainer: average,
  organisation: average,
  equipment: average,
};
// Averages are computed by the database over the answered rows only (avg ignores nulls).
const aggregates = sql`count(*) as invited, count(v.answered_at) as answered,
  avg(v.objectives) as objectives, avg(v.content) as content, avg(v.trainer) as trainer,
  avg(v.organisation) as organisation, avg(v.equipment) as equipment`;

/** Per training, the surveys of sessions that ended in [from, to): counts and mean ratings. */
export async function listSatisfactionByTraining(db: Db, input: { from: Date; to: Date }) {
  return readRows(
    await db.execute(sql`
      select t.id as "trainingId", t.title as "trainingTitle", t.code as "trainingCode",
             count(distinct s.id) as sessions, ${aggregates}
      from satisfaction_surveys v
      join sessions s on s.id = v.session_id
      join trainings t on t.id = s.training_id
      where s.ends_at >= ${input.from.toISOString()} and s.ends_at < ${input.to.toISOString()}
      group by t.id, t.title, t.code
      order by t.title`),
    z.object({
      trainingId: z.string(),
      trainingTitle: z.string(),
      trainingCode: z.string(),
      sessions: numeric,
      ...totals,
    }),
  );
}
export type TrainingSatisfaction = Awaited<ReturnType<typeof listSatisfactionByTraining>>[number];

/** Every survey of a training's sessions that ended in [from, to), without the learner: IT reads the answers, not who gave them. */
export async function listTrainingSurveys(db: Db, input: { trainingId: string; from: Date; to: Date }) {
  return readRows(
    await db.execute(sql`
      select t.title as "trainingTitle", v.session_id as "sessionId", s.starts_at as "startsAt", s.ends_at as "endsAt",
             coalesce(si.timezone, 'Europe/Paris') as timezone, tr.display_name as "trainerName",
             r.name as "roomName", ${surveyAnswerColumns}
      ${surveysWithSession}
      where s.training_id = ${input.trainingId}
        and s.ends_at >= ${input.from.toISOString()} and s.ends_at < ${input.to.toISOString()}
      order by s.starts_at desc, v.answered_at nulls last, v.id`),
    z.object({
      trainingTitle: z.string(),
      sessionId: z.string(),
      startsAt: timestamp,
      endsAt: timestamp,
      timezone: z.string(),
      trainerName: z.string().nullable(),
      roomName: z.string().nullable(),
      ...surveyAnswer,
    }),
  );
}
