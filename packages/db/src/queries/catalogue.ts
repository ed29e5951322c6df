import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { readRow, readRows, timestamp } from "../rows";
import { trainings } from "../schema/index";
import { moduleColumns, moduleColumnsSchema } from "./module-columns";

const modality = z.enum(trainings.modality.enumValues);

const accents = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿ";
const plain = "aaaaaaceeeeiiiinooooouuuuyy";
/** Lower case without accents, so that "comptabilite" finds "Comptabilité". */
const fold = (expr: SQL) => sql`translate(lower(${expr}), ${accents}, ${plain})`;
export const foldText = (s: string) =>
  s
    .toLowerCase()
    .split("")
    .map((c) => {
      const i = accents.indexOf(c);
      return i >= 0 ? plain[i] : c;
    })
    .join("");

export type CatalogueFilter = {
  q?: string | undefined;
  domain?: string | undefined;
  siteId?: string | undefined;
  /** Sessions starting in [from, to). */
  from?: Date | undefined;
  to?: Date | undefined;
  modality?: "onsite" | "remote" | undefined;
  now: Date;
};

/**
 * The catalogue: trainings matching the filters, each with its next session and how many are
 * planned. Filtering on a site or dates keeps only trainings with a matching session ahead.
 * One query (the session figures come from a lateral join on sessions_training_starts_idx).
 */
export async function listCatalogue(db: Db, f: CatalogueFilter) {
  const sessionFilters: SQL[] = [];
  if (f.siteId) sessionFilters.push(sql`r.site_id = ${f.siteId}`);
  if (f.from) sessionFilters.push(sql`s.starts_at >= ${f.from.toISOString()}`);
  if (f.to) sessionFilters.push(sql`s.starts_at < ${f.to.toISOString()}`);
  const trainingFilters: SQL[] = [];
  if (f.q) {
    const pattern = `%${foldText(f.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    trainingFilters.push(sql`(${fold(sql`t.title`)} like ${pattern} or ${fold(sql`t.summary`)} like ${pattern}
      or ${fold(sql`t.code`)} like ${pattern} or ${fold(sql`t.domain`)} like ${pattern}
      or ${fold(sql`array_to_string(t.objectives, ' ')`)} like ${pattern})`);
  }
  if (f.domain) trainingFilters.push(sql`t.domain = ${f.domain}`);
  if (f.modality === "onsite") trainingFilters.push(sql`t.modality in ('onsite', 'blended')`);
  if (f.modality === "remote") trainingFilters.push(sql`t.modality in ('remote', 'blended')`);
  if (sessionFilters.length > 0) trainingFilters.push(sql`ns.session_count > 0`);
  const result = await db.execute(sql`
    select t.id, t.code, t.title, t.domain, t.summary, t.duration_hours as "durationHours", t.modality,
           ns.next_starts_at as "nextStartsAt", ns.session_count as "sessionCount"
    from trainings t
    left join lateral (
      select min(s.starts_at) as next_starts_at, count(*)::int as session_count
      from sessions s left join rooms r on r.id = s.room_id
      where s.training_id = t.id and s.cancelled_at is null and s.starts_at > ${f.now.toISOString()}
        ${sessionFilters.length > 0 ? sql`and ${sql.join(sessionFilters, sql` and `)}` : sql``}
    ) ns on true
    ${trainingFilters.length > 0 ? sql`where ${sql.join(trainingFilters, sql` and `)}` : sql``}
    order by t.domain, t.title`);
  return readRows(
    result,
    z.object({
      id: z.string(),
      code: z.string(),
      title: z.string(),
      domain: z.string(),
      summary: z.string(),
      durationHours: z.number(),
      modality,
      nextStartsAt: timestamp.nullable(),
      sessionCount: z.number(),
    }),
  );
}
export type CatalogueEntry = Awaited<ReturnType<typeof listCatalogue>>[number];

/** What the search form offers: the domains in the catalogue and the sites. */
export async function listCatalogueChoices(db: Db) {
  const domains = readRows(
    await db.execute(sql`select distinct domain from trainings order by domain`),
    z.object({ domain: z.string() }),
  ).map((r) => r.domain);
  const sites = readRows(
    await db.execute(sql`select id, name, city from sites order by name`),
    z.object({ id: z.string(), name: z.string(), city: z.string() }),
  );
  return { domains, sites };
}

export async function findTraining(db: Db, trainingId: string) {
  const result = await db.execute(sql`
    select t.id, t.organisation_id as "organisationId", t.code, t.title, t.domain, t.summary,
           t.objectives, t.duration_hours as "durationHours", t.modality,
           t.prerequisite_codes as "prerequisiteCodes", t.rules
    from trainings t where t.id = ${trainingId}`);
  return readRow(
    result,
    z.object({
      id: z.string(),
      organisationId: z.string(),
      code: z.string(),
      title: z.string(),
      domain: z.string(),
      summary: z.string(),
      objectives: z.array(z.string()),
      durationHours: z.number(),
      modality,
      prerequisiteCodes: z.array(z.string()),
      rules: z.unknown(),
    }),
  );
}

export async function listTrainingModules(db: Db, trainingId: string) {
  const result = await db.execute(
    sql`select ${moduleColumns} from modules m where m.training_id = ${trainingId} order by m.position`,
  );
  return readRows(result, moduleColumnsSchema);
}

/** Sessions of a training not ended yet, with place, trainer, seats held and queue length. */
export async function listUpcomingSessions(db: Db, input: { trainingId: string; now: Date; limit?: number }) {
  const result = await db.execute(sql`
    select s.id, s.starts_at as "startsAt", s.ends_at as "endsAt", s.capacity,
           r.name as "roomName", si.name as "siteName", si.city as "siteCity",
           coalesce(si.timezone, 'Europe/Paris') as timezone, tr.display_name as "trainerName",
           s.seats_taken as "seatsTaken", s.waiting_count as waiting
    from sessions s
    left join rooms r on r.id = s.room_id
    left join sites si on si.id = r.site_id
    left join users tr on tr.id = s.trainer_id
    where s.training_id = ${input.trainingId} and s.cancelled_at is null
      and s.ends_at > ${input.now.toISOString()}
    order by s.starts_at
    limit ${input.limit ?? 50}`);
  return readRows(
    result,
    z.object({
      id: z.string(),
      startsAt: timestamp,
      endsAt: timestamp,
      capacity: z.number(),
      roomName: z.string().nullable(),
      siteName: z.string().nullable(),
      siteCity: z.string().nullable(),
      timezone: z.string(),
      trainerName: z.string().nullable(),
      seatsTaken: z.number(),
      waiting: z.number(),
    }),
  );
}
export type UpcomingSession = Awaited<ReturnType<typeof listUpcomingSessions>>[number];
