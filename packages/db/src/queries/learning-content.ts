import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { resultRows } from "../migrate";

/** A module locked for an import: one new content version at a time. */
export async function lockModule(tx: Db, moduleId: string) {
  const [row] = resultRows<{
    id: string;
    trainingId: string;
    kind: string;
    title: string;
    content: unknown;
    contentVersion: number;
  }>(
    await tx.execute(sql`select id, training_id as "trainingId", kind, title, content, content_version as "contentVersion"
      from modules where id = ${moduleId} for update`),
  );
  return row;
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
  const [training] = resultRows<{ id: string }>(
    await tx.execute(sql`select id from trainings where id = ${input.trainingId} for update`),
  );
  if (!training) return undefined;
  const [row] = resultRows<{ position: number }>(
    await tx.execute(sql`insert into modules (id, training_id, position, title, kind, duration_minutes, content)
      select ${input.id}, ${input.trainingId}, coalesce(max(position), 0) + 1, ${input.title}, ${input.kind},
             ${input.durationMinutes}, ${JSON.stringify(input.content)}::jsonb
      from modules where training_id = ${input.trainingId}
      returning position`),
  );
  return row;
}

/** Trainings and their modules, for IT's content page. */
export async function listContentOverview(db: Db) {
  const result = await db.execute(sql`
    select t.id as "trainingId", t.code, t.title as "trainingTitle", m.id as "moduleId", m.position, m.title,
           m.kind, m.content_version as "contentVersion", m.content
    from trainings t left join modules m on m.training_id = t.id
    order by t.title, m.position`);
  return resultRows<{
    trainingId: string;
    code: string;
    trainingTitle: string;
    moduleId: string | null;
    position: number | null;
    title: string | null;
    kind: string | null;
    contentVersion: number | null;
    content: unknown;
  }>(result);
}

/** The module's content and version, for serving its files. */
export async function findModuleContent(db: Db, moduleId: string) {
  const [row] = resultRows<{
    id: string;
    trainingId: string;
    kind: string;
    content: unknown;
    contentVersion: number;
  }>(
    await db.execute(sql`select id, training_id as "trainingId", kind, content, content_version as "contentVersion"
      from modules where id = ${moduleId}`),
  );
  return row;
}
