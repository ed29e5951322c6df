import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { at, id } from "./columns";
import { users } from "./people";

/** Every administrative change: who, what, on which entity, from which request. Never updated. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    at: at("at").notNull().defaultNow(),
    actorId: uuid("actor_id").references(() => users.id),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    details: jsonb("details").notNull(),
    requestId: text("request_id"),
  },
  (t) => [
    index("audit_at_idx").on(t.at),
    index("audit_entity_idx").on(t.entityType, t.entityId, t.at),
    // The audit page filters by action, newest first, and lists the actions present.
    index("audit_action_at_idx").on(t.action, t.at),
  ],
);
