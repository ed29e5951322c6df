import { and, eq, gte, inArray, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { userSessions, users } from "../schema/index";

export type UserSessionRow = typeof userSessions.$inferSelect;
type UserRow = typeof users.$inferSelect;

/** Opens a session for a person who just signed in; returns its id (it goes in the cookie). */
export async function openUserSession(db: Db, userId: string, now: Date): Promise<string> {
  const [row] = await db
    .insert(userSessions)
    .values({ userId, createdAt: now, lastSeenAt: now })
    .returning({ id: userSessions.id });
  return row!.id;
}

/** The session and its account as they are now (one read by primary key), or undefined. */
export async function findUserSession(
  db: Db,
  sessionId: string,
): Promise<{ session: UserSessionRow; user: UserRow } | undefined> {
  const [row] = await db
    .select({ session: userSessions, user: users })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(eq(userSessions.id, sessionId))
    .limit(1);
  return row;
}

/** Writes down the last request of live sessions, in one statement for a whole batch. */
export async function touchUserSessions(db: Db, sessionIds: string[], now: Date): Promise<void> {
  if (sessionIds.length === 0) return;
  await db
    .update(userSessions)
    .set({ lastSeenAt: now })
    .where(and(inArray(userSessions.id, sessionIds), isNull(userSessions.revokedAt)));
}

/** The sessions revoked at or after `since` (an index of revoked rows only answers it). */
export async function findSessionsRevokedSince(db: Db, since: Date): Promise<string[]> {
  const rows = await db
    .select({ id: userSessions.id })
    .from(userSessions)
    .where(gte(userSessions.revokedAt, since));
  return rows.map((r) => r.id);
}

/** Ends one session (sign-out). Ending an ended one changes nothing. */
export async function revokeUserSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db
    .update(userSessions)
    .set({ revokedAt: now })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)));
}

/** Ends every session of an account (disabled or removed in the directory). */
export async function revokeUserSessions(db: Db, userId: string, now: Date): Promise<number> {
  const revoked = await db
    .update(userSessions)
    .set({ revokedAt: now })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)))
    .returning({ id: userSessions.id });
  return revoked.length;
}

/** Sets an account's roles (as the directory now gives them); true when they changed. */
export async function updateUserRoles(db: Db, userId: string, roles: string[]): Promise<boolean> {
  const [before] = await db.select({ roles: users.roles }).from(users).where(eq(users.id, userId));
  if (!before || sameRoles(before.roles, roles)) return false;
  await db.update(users).set({ roles }).where(eq(users.id, userId));
  return true;
}

function sameRoles(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}
