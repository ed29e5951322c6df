import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, id } from "./columns";
import { users } from "./people";

export const provisioningRunStatuses = ["running", "succeeded", "partial", "failed", "abandoned"] as const;

/**
 * One run of Active Directory provisioning (a session, the sessions of the coming days, or the
 * sweep of expired accounts), from the portal or a scheduled job. `report` is what AD was
 * told and answered, per session, **without the initial passwords**: those are shown once to
 * whoever started the run and stored nowhere. At most one run is `running` at a time.
 */
export const provisioningRuns = pgTable(
  "provisioning_runs",
  {
    id: id(),
    startedAt: at("started_at").notNull(),
    finishedAt: at("finished_at"),
    trigger: text("trigger", { enum: ["portal", "schedule"] }).notNull(),
    /** Null for a scheduled job; `actorLabel` then says which. */
    actorId: uuid("actor_id").references(() => users.id),
    actorLabel: text("actor_label").notNull(),
    /** What was asked: `{ kind: "session", sessionId }`, `{ kind: "upcoming", days }`, `{ kind: "sweep" }`. */
    scope: jsonb("scope").notNull(),
    sessionIds: uuid("session_ids").array().notNull().default(sql`'{}'::uuid[]`),
    status: text("status", { enum: provisioningRunStatuses }).notNull(),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    disabled: integer("disabled").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    report: jsonb("report"),
    requestId: text("request_id"),
  },
  (t) => [
    index("provisioning_runs_started_idx").on(t.startedAt),
    uniqueIndex("provisioning_runs_one_running_uq").on(t.status).where(sql`${t.status} = 'running'`),
  ],
);
