import { sql } from "drizzle-orm";
import { bigint, check, date, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";
import { users } from "./people";
import { rooms } from "./places";

export const masters = pgTable("masters", {
  id: id(),
  name: text("name").notNull().unique(),
  os: text("os", { enum: ["windows", "linux"] }).notNull(),
  description: text("description").notNull(),
  createdAt: createdAt(),
});

export const masterVersions = pgTable(
  "master_versions",
  {
    id: id(),
    masterId: uuid("master_id")
      .notNull()
      .references(() => masters.id),
    version: text("version").notNull(),
    /** The signed manifest (chunk list, hashes, hardware hints); null for a catalogue-only entry. */
    manifest: jsonb("manifest"),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    publishedAt: at("published_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("master_versions_master_version_uq").on(t.masterId, t.version)],
);

/**
 * A rollout: IT puts a master version in a room for a span of days (site dates, inclusive), on
 * top of what the room's sessions already name. Posts must hold it, verified, by the start of
 * `startsOn`; the site's relay fetches it in the nights before. Readiness comes from the posts'
 * heartbeats (masters verified by hash), never from a status stored here.
 */
export const rollouts = pgTable(
  "rollouts",
  {
    id: id(),
    masterVersionId: uuid("master_version_id")
      .notNull()
      .references(() => masterVersions.id),
    roomId: uuid("room_id")
      .notNull()
      .references(() => rooms.id),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("rollouts_room_idx").on(t.roomId, t.startsOn),
    check("rollouts_dates_ck", sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);
