import { sql } from "drizzle-orm";
import { z } from "zod";
import { modules } from "../schema/index";

/** What every list of modules says of one, as columns of a statement over `modules m`. */
export const moduleColumns = sql`m.id, m.training_id as "trainingId", m.position, m.title, m.kind,
  m.is_required as "isRequired", m.duration_minutes as "durationMinutes",
  m.content_version as "contentVersion"`;

/** The row `moduleColumns` reads. */
export const moduleColumnsSchema = z.object({
  id: z.string(),
  trainingId: z.string(),
  position: z.number(),
  title: z.string(),
  kind: z.enum(modules.kind.enumValues),
  isRequired: z.boolean(),
  durationMinutes: z.number(),
  contentVersion: z.number(),
});
export type ModuleColumns = z.infer<typeof moduleColumnsSchema>;
