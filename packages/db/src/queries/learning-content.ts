import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { readOnlyRow, readRow, readRows } from "../rows";

const moduleContentRow = z.object({
  id: z.string(),
  trainingId: z.string(),
  kind: z.string(),
  content: z.unknown(),
  contentVersion: z.number(),
});

/** A module locked for an import: one new content version at a time. */
export async function lockModule(tx: Db, moduleId: string) {
  return readRow(
    await tx.execute(sql`select id, training_id as "trainingId", kind, title, content, content_version as "contentVersion"
      from modules where id = ${moduleId} for update`),
    moduleContentRow.extend({ title: z.string() }),
  );
}

export async function setModuleContent(
  tx: Db,
  input: { id: string; content: unknown; contentVersion: number },
) {
  await tx.execute(sql`update modules set content = ${JSON.stringify(input.content)}::jsonb,
    content_version = ${input.contentVersion} where id = ${input.id}`);
}

/** Appends a module to a training (the training row is locked so two appends get two positions). */
export async function appendModule(
  tx: Db,
  input: {
    id: string;
    trainingId: string;
    title: string;
    kind: string;
    durationMinutes: number;
    content: unknown;
  },
) {
  const training = readRow(
    await tx.execute(sql`select id from trainings where id = ${input.trainingId} for update`),
    z.object({ id: z.string() }),
  );
  if (!training) return undefined;
  return readOnlyRow(
    await tx.execute(sql`insert into modules (id, training_id, position, title, kind, duration_minutes, content)
      select ${input.id}, ${input.trainingId}, coalesce(max(position), 0) + 1, ${input.title}, ${input.kind},
             ${input.durationMinutes}, ${JSON.stringify(input.content)}::jsonb
      from modules where training_id = ${input.trainingId}
      returning position`),
    z.object({ position: z.number() }),
  );
}

/** Trainings and their modules, for IT's content page. */
export async function listContentOverview(db: Db) {
  const result = await db.execute(sql`
    select t.id as "trainingId", t.code, t.title as "trainingTitle", m.id as "moduleId", m.position, m.title,
           m.kind, m.content_version as "contentVersion", m.content
    from trainings t left join modules m on m.training_id = t.id
    order by t.title, m.position`);
  return readRows(
    result,
    z.object({
      trainingId: z.string(),
      code: z.string(),
      trainingTitle: z.string(),
      moduleId: z.string().nullable(),
      position: z.number().nullable(),
      title: z.string().nullable(),
      kind: z.string().nullable(),
      contentVersion: z.number().nullable(),
      content: z.unknown(),
    }),
  );
}

/** The module's content and version, for serving its files. */
export async function findModuleContent(db: Db, moduleId: string) {
  return readRow(
    await db.execute(sql`select id, training_id as "trainingId", kind, content, content_version as "contentVersion"
      from modules where id = ${moduleId}`),
    moduleContentRow,
  );
}
