import { defaultTimeZone } from "@tremplin/domain/calendar";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { json, numeric, readRows, timestamp } from "../rows";

const sessionToValidateRow = z.object({
  id: z.string(),
  trainingTitle: z.string(),
  roomName: z.string().nullable(),
  siteName: z.string().nullable(),
  timezone: z.string(),
  startsAt: timestamp,
  endsAt: timestamp,
  validated: json(z.array(z.object({ date: z.string(), period: z.enum(["am", "pm"]) }))),
});
export type SessionToValidate = z.infer<typeof sessionToValidateRow>;

/**
 * A trainer's live sessions started in `[since, before)`, each with the half-days already
 * validated: the trainer's home tells from them which ended half-days still wait for a
 * signature. One statement on sessions_trainer_starts_idx; validations by their unique index.
 */
export async function listTrainerSessionsToValidate(
  db: Db,
  input: { trainerId: string; since: Date; before: Date; limit?: number },
) {
  const result = await db.execute(sql`
    select s.id, t.title as "trainingTitle", r.name as "roomName", si.name as "siteName",
           coalesce(si.timezone, ${defaultTimeZone}) as timezone, s.starts_at as "startsAt", s.ends_at as "endsAt",
           coalesce((select json_agg(json_build_object('date', v.date, 'period', v.period))
                     from attendance_validations v where v.session_id = s.id), '[]') as validated
    from sessions s
    join trainings t on t.id = s.training_id
    left join rooms r on r.id = s.room_id
    left join sites si on si.id = r.site_id
    where s.trainer_id = ${input.trainerId} and s.cancelled_at is null
      and s.starts_at >= ${input.since.toISOString()}::timestamptz
      and s.starts_at < ${input.before.toISOString()}::timestamptz
    order by s.starts_at
    limit ${input.limit ?? 50}`);
  return readRows(result, sessionToValidateRow);
}

const awaitingModuleRow = z.object({
  id: z.string(),
  title: z.string(),
  trainingTitle: z.string(),
  trainingCode: z.string(),
  /** How many there are in all, whatever `limit` kept. */
  total: numeric,
});

/**
 * SCORM modules with no package in force (never imported, or their only version withdrawn):
 * learners find nothing to open there. Modules are a catalogue-sized table, not a per-person one.
 */
export async function listModulesAwaitingPackage(db: Db, limit = 20) {
  const result = await db.execute(sql`
    select m.id, m.title, t.title as "trainingTitle", t.code as "trainingCode", count(*) over () as total
    from modules m join trainings t on t.id = m.training_id
    where m.kind = 'scorm' and m.content @> '{"pending": true}'::jsonb
    order by t.code, m.position
    limit ${limit}`);
  return readRows(result, awaitingModuleRow);
}
