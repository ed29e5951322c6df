import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
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
