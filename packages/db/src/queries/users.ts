import type { Role } from "@tremplin/domain/auth";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { users } from "../schema/index";

export type UserRow = typeof users.$inferSelect;

/** Usernames are stored in lower case (see schema), so matching ignores case as AD does. */
export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username.toLowerCase())).limit(1);
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(1);
  return row;
}

/**
 * Records a directory user as AD describes them at sign-in: profile and roles follow the
 * directory, so a person removed from the trainers' group loses the role at next sign-in.
 */
export async function upsertDirectoryUser(
  db: Db,
  profile: { username: string; displayName: string; email: string | null; guid: string; roles: Role[] },
  now: Date,
): Promise<UserRow> {
  const [row] = await db
    .insert(users)
    .values({
      source: "directory",
      username: profile.username.toLowerCase(),
      displayName: profile.displayName,
      email: profile.email,
      directoryGuid: profile.guid,
      roles: profile.roles,
      lastLoginAt: now,
    })
    .onConflictDoUpdate({
      target: users.username,
      set: {
        displayName: profile.displayName,
        email: profile.email,
        directoryGuid: profile.guid,
        roles: profile.roles,
        lastLoginAt: now,
      },
    })
    .returning();
  return row!;
}

export async function recordLogin(db: Db, userId: string, now: Date): Promise<void> {
  await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, userId));
}
