import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";

export const roles = ["learner", "trainer", "it_admin", "auditor"] as const;

/**
 * Every person the system knows. `source` says where the account lives: `directory`
 * (Active Directory; no password here) or `local` (external learner, argon2 hash).
 */
export const users = pgTable(
  "users",
  {
    id: id(),
    source: text("source", { enum: ["directory", "local"] }).notNull(),
    /** Always lower case: AD's sAMAccountName is case-insensitive, so is ours. */
    username: text("username").notNull(),
    email: text("email"),
    displayName: text("display_name").notNull(),
    directoryGuid: text("directory_guid"),
    passwordHash: text("password_hash"),
    roles: text("roles").array().notNull().default(sql`'{learner}'::text[]`),
    disabledAt: at("disabled_at"),
    lastLoginAt: at("last_login_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_username_uq").on(t.username),
    uniqueIndex("users_email_uq").on(sql`lower(${t.email})`).where(sql`${t.email} is not null`),
  ],
);

/**
 * Sign-in throttling shared by every portal instance: one row per key
 * (`account:<name>` or `source:<ip>`), checked before any bind.
 */
export const loginThrottle = pgTable(
  "login_throttle",
  {
    key: text("key").primaryKey(),
    failures: integer("failures").notNull().default(0),
    lockedUntil: at("locked_until"),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [index("login_throttle_updated_idx").on(t.updatedAt)],
);

/**
 * A signed-in session of the portal: its id rides in the session cookie (a JWT). Signing out,
 * a disabled account or a role change (a trigger, whoever makes it) sets `revoked_at`, which
 * every portal process polls; `last_seen_at` is written in batches and read only for a session
 * older than the idle limit (portal/server/auth/session-check.ts).
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    /** Not indexed: each process writes it for all its sessions once a minute, as HOT updates. */
    lastSeenAt: at("last_seen_at").notNull().defaultNow(),
    revokedAt: at("revoked_at"),
  },
  (t) => [
    index("user_sessions_user_idx").on(t.userId),
    index("user_sessions_revoked_idx").on(t.revokedAt).where(sql`${t.revokedAt} is not null`),
  ],
);
