import { bigint, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";
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
    notBefore: at("not_before").notNull(),
    status: text("status", { enum: ["planned", "in_progress", "done", "failed"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("rollouts_room_idx").on(t.roomId, t.notBefore)],
);
