import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { trainings } from "../schema/index";

/** A training's completion rules and certificate fields, as IT edits them. */
export async function findTrainingRules(db: Db, trainingId: string) {
  const [row] = await db
    .select({
      id: trainings.id,
      code: trainings.code,
      title: trainings.title,
      rules: trainings.rules,
      actionNature: trainings.actionNature,
      funder: trainings.funder,
      evidenceRetentionYears: trainings.evidenceRetentionYears,
    })
    .from(trainings)
    .where(eq(trainings.id, trainingId));
  return row;
}

export async function updateTrainingRules(
  tx: Db,
  input: {
    id: string;
    rules: unknown;
    actionNature: string;
    funder: string | null;
    evidenceRetentionYears: number;
  },
) {
  await tx
    .update(trainings)
    .set({
      rules: input.rules,
      actionNature: input.actionNature,
      funder: input.funder,
      evidenceRetentionYears: input.evidenceRetentionYears,
    })
    .where(eq(trainings.id, input.id));
}

/**
 * Asks for the evaluation of every live enrolment of a training that holds no certificate of
 * completion in force: after its rules change, some may meet them now.
 */
export async function requestJobsForTraining(db: Db, input: { trainingId: string; now: Date }) {
  await db.execute(sql`
    insert into certificate_jobs (enrolment_id, requested_at)
    select e.id, ${input.now.toISOString()}::timestamptz from enrolments e
    where e.training_id = ${input.trainingId} and e.status in ('enrolled', 'completed')
      and not exists (select 1 from certificates c
                      where c.enrolment_id = e.id and c.kind = 'completion' and c.status = 'issued')
    on conflict (enrolment_id) do update set requested_at = excluded.requested_at`);
}
