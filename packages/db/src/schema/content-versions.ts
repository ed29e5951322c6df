import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { at } from "./columns";
import { users } from "./people";
import { modules } from "./training";

/**
 * Every imported version of a module's content (SCORM package or file), kept so that IT can
 * withdraw a bad one: a withdrawn version is no longer served, and the module falls back to
 * its latest version still in force (`modules.content` is that version's content).
 */
export const moduleContentVersions = pgTable(
  "module_content_versions",
  {
    moduleId: uuid("module_id")
      .notNull()
      .references(() => modules.id),
    version: integer("version").notNull(),
    content: jsonb("content").notNull(),
    importedAt: at("imported_at").notNull().defaultNow(),
    withdrawnAt: at("withdrawn_at"),
    withdrawnBy: uuid("withdrawn_by").references(() => users.id),
    withdrawalReason: text("withdrawal_reason"),
  },
  (t) => [
    primaryKey({ columns: [t.moduleId, t.version] }),
    // The fallback after a withdrawal reads a module's latest version still in force.
    index("module_content_versions_in_force_idx").on(t.moduleId, t.version).where(sql`withdrawn_at is null`),
  ],
);
