import { sql } from "drizzle-orm";
import type { modules } from "../schema/index";

/** What every list of modules says of one, as columns of a statement over `modules m`. */
export const moduleColumns = sql`m.id, m.training_id as "trainingId", m.position, m.title, m.kind,
  m.is_required as "isRequired", m.duration_minutes as "durationMinutes",
  m.content_version as "contentVersion"`;

export type ModuleColumns = {
  id: string;
  trainingId: string;
  position: number;
  title: string;
  kind: (typeof modules.$inferSelect)["kind"];
  isRequired: boolean;
  durationMinutes: number;
  contentVersion: number;
};
