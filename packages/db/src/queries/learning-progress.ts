import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { executePrepared } from "../prepared";
import { json, readOnlyRow, readRow, readRows, timestamp } from "../rows";
import { enrolmentStatuses, progress } from "../schema/index";
import { moduleColumns, moduleColumnsSchema } from "./module-columns";

/** The select of a learner's live enrolments (cancelled ones left out), on enrolments_learner_idx. */
function learnerEnrolmentsQuery(learnerId: string): SQL {
  return sql`
    select e.id, e.status, e.training_id as "trainingId", e.session_id as "sessionId",
           e.last_module_id as "lastModuleId", e.last_activity_at as "lastActivityAt",
           t.code as "trainingCode", t.title as "trainingTitle", t.domain, t.modality,
           s.starts_at as "startsAt", s.ends_at as "endsAt", s.cancelled_at as "sessionCancelledAt",
           r.name as "roomName", si.name as "siteName", coalesce(si.timezone, 'Europe/Paris') as timezone,
           case when e.status = 'waitlisted' then (
             select count(*)::int + 1 from enrolments w
             where w.session_id = e.session_id and w.status = 'waitlisted'
               and (w.waitlisted_at, w.created_at) < (e.waitlisted_at, e.created_at))
           end as "waitingPosition"
    from enrolments e
    join trainings t on t.id = e.training_id
    left join sessions s on s.id = e.session_id
    left join rooms r on r.id = s.room_id
    left join sites si on si.id = r.site_id
    where e.learner_id = ${learnerId} and e.status <> 'cancelled'
    order by s.starts_at nulls first, e.created_at`;
}

const enrolmentRow = z.object({
  id: z.string(),
  status: z.enum(enrolmentStatuses).exclude(["cancelled"]),
  trainingId: z.string(),
  sessionId: z.string().nullable(),
  lastModuleId: z.string().nullable(),
  lastActivityAt: timestamp.nullable(),
  trainingCode: z.string(),
  trainingTitle: z.string(),
  domain: z.string(),
  modality: z.enum(["onsite", "remote", "blended"]),
  startsAt: timestamp.nullable(),
  endsAt: timestamp.nullable(),
  sessionCancelledAt: timestamp.nullable(),
  roomName: z.string().nullable(),
  siteName: z.string().nullable(),
  timezone: z.string(),
  waitingPosition: z.number().nullable(),
});

/** Every live enrolment of a learner, with training, session, place and waiting-list position. */
export async function listLearnerEnrolments(db: Db, learnerId: string) {
  return readRows(await db.execute(learnerEnrolmentsQuery(learnerId)), enrolmentRow);
}
export type LearnerEnrolment = z.infer<typeof enrolmentRow>;

/** The select of the modules of some trainings (`trainingIds`: a list or a subquery) with the learner's progress in each. */
function moduleProgressQuery(learnerId: string, trainingIds: SQL): SQL {
  return sql`
    select ${moduleColumns},
           p.status, p.score_raw as "scoreRaw", p.active_seconds as "activeSeconds", p.updated_at as "updatedAt"
    from modules m
    left join progress p on p.module_id = m.id and p.learner_id = ${learnerId}
    where m.training_id in (${trainingIds})
    order by m.training_id, m.position`;
}

const progressStatus = z.enum(progress.status.enumValues);

const moduleRow = moduleColumnsSchema.extend({
  status: progressStatus.nullable(),
  scoreRaw: z.number().nullable(),
  activeSeconds: z.number().nullable(),
  updatedAt: timestamp.nullable(),
});

/** The modules of some trainings with where the learner stands in each: one query for a whole page. */
export async function listModuleProgress(db: Db, input: { learnerId: string; trainingIds: string[] }) {
  if (input.trainingIds.length === 0) return [];
  const ids = sql.join(
    input.trainingIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return readRows(await db.execute(moduleProgressQuery(input.learnerId, ids)), moduleRow);
}
export type ModuleProgressRow = z.infer<typeof moduleRow>;

/** The one row listLearnerTrainings reads (exported for bench/row-reader.ts, which times it). */
export const learnerTrainingsRow = z.object({
  enrolments: json(z.array(enrolmentRow)),
  modules: json(z.array(moduleRow)),
});

/**
 * A learner's live enrolments and the modules of their trainings with their progress, in one
 * statement: "Mes formations", the page every learner opens, costs one round trip.
 */
export async function listLearnerTrainings(db: Db, learnerId: string) {
  const result = await executePrepared(
    db,
    sql`
    with mine as (${learnerEnrolmentsQuery(learnerId)})
    select coalesce((select json_agg(mine order by "startsAt" nulls first, id) from mine), '[]') as enrolments,
           coalesce((select json_agg(mp) from (
             ${moduleProgressQuery(learnerId, sql`select "trainingId" from mine`)}) mp), '[]') as modules`,
  );
  return readOnlyRow(result, learnerTrainingsRow);
}

const moduleAccessRow = moduleColumnsSchema.extend({
  content: z.unknown(),
  trainingTitle: z.string(),
  rules: z.unknown(),
  enrolments: json(
    z.array(z.object({ id: z.string(), startsAt: timestamp.nullable(), endsAt: timestamp.nullable() })),
  ),
});

/** A module with its training, and the learner's live seated enrolments in that training. */
export async function findModuleAccess(db: Db, input: { moduleId: string; learnerId: string }) {
  const result = await db.execute(sql`
    select ${moduleColumns}, m.content, t.title as "trainingTitle", t.rules,
           coalesce((select json_agg(json_build_object('id', e.id, 'startsAt', s.starts_at, 'endsAt', s.ends_at))
             from enrolments e left join sessions s on s.id = e.session_id
             where e.learner_id = ${input.learnerId} and e.training_id = m.training_id
               and e.status in ('enrolled', 'completed')), '[]'::json) as enrolments
    from modules m join trainings t on t.id = m.training_id
    where m.id = ${input.moduleId}`);
  return readRow(result, moduleAccessRow);
}
export type ModuleAccess = NonNullable<Awaited<ReturnType<typeof findModuleAccess>>>;

const progressColumns = sql`id, status, location, suspend_data as "suspendData", score_raw as "scoreRaw",
  active_seconds as "activeSeconds", last_beat_at as "lastBeatAt", updated_at as "updatedAt"`;
const progressRow = z.object({
  id: z.string(),
  status: progressStatus,
  location: z.string().nullable(),
  suspendData: z.string().nullable(),
  scoreRaw: z.number().nullable(),
  activeSeconds: z.number(),
  lastBeatAt: timestamp.nullable(),
  updatedAt: timestamp,
});

export async function findProgress(db: Db, input: { learnerId: string; moduleId: string }) {
  const result = await db.execute(sql`
    select ${progressColumns} from progress where learner_id = ${input.learnerId} and module_id = ${input.moduleId}`);
  return readRow(result, progressRow);
}
export type ProgressRow = NonNullable<Awaited<ReturnType<typeof findProgress>>>;

/**
 * The learner's progress row for a module, created if missing, and locked until the end of the
 * transaction: commits, heartbeats and submissions on one module take turns.
 */
export async function lockProgress(
  tx: Db,
  input: { learnerId: string; moduleId: string; enrolmentId: string; now: Date },
) {
  await tx.execute(sql`
    insert into progress (learner_id, module_id, enrolment_id, status, updated_at)
    values (${input.learnerId}, ${input.moduleId}, ${input.enrolmentId}, 'not_started', ${input.now.toISOString()})
    on conflict (learner_id, module_id) do nothing`);
  const result = await tx.execute(sql`
    select ${progressColumns} from progress where learner_id = ${input.learnerId} and module_id = ${input.moduleId} for update`);
  return readOnlyRow(result, progressRow);
}

export type ProgressPatch = {
  status?: "not_started" | "incomplete" | "completed" | "passed" | "failed";
  location?: string | null;
  suspendData?: string | null;
  scoreRaw?: number | null;
  addSeconds?: number;
  lastBeatAt?: Date;
};

export async function updateProgress(
  tx: Db,
  input: { id: string; enrolmentId: string; now: Date; patch: ProgressPatch },
) {
  const p = input.patch;
  const sets: ReturnType<typeof sql>[] = [
    sql`updated_at = ${input.now.toISOString()}`,
    sql`enrolment_id = ${input.enrolmentId}`,
  ];
  if (p.status !== undefined) sets.push(sql`status = ${p.status}`);
  if (p.location !== undefined) sets.push(sql`location = ${p.location}`);
  if (p.suspendData !== undefined) sets.push(sql`suspend_data = ${p.suspendData}`);
  if (p.scoreRaw !== undefined) sets.push(sql`score_raw = ${p.scoreRaw}`);
  if (p.addSeconds) sets.push(sql`active_seconds = active_seconds + ${p.addSeconds}`);
  if (p.lastBeatAt) sets.push(sql`last_beat_at = ${p.lastBeatAt.toISOString()}`);
  await tx.execute(sql`update progress set ${sql.join(sets, sql`, `)} where id = ${input.id}`);
}

/** The learner's latest heartbeat on any module: a beat never credits more than the time since. */
export async function findLastBeat(db: Db, learnerId: string): Promise<Date | null> {
  const row = readOnlyRow(
    await db.execute(sql`select max(last_beat_at) as at from progress where learner_id = ${learnerId}`),
    z.object({ at: timestamp.nullable() }),
  );
  return row.at;
}

/** Where to pick up: the enrolment's last module and when. */
export async function touchEnrolment(tx: Db, input: { enrolmentId: string; moduleId: string; now: Date }) {
  await tx.execute(sql`
    update enrolments set last_module_id = ${input.moduleId}, last_activity_at = ${input.now.toISOString()}
    where id = ${input.enrolmentId}`);
}
