import "server-only";
import { openUserSession, revokeUserSession } from "@tremplin/db/queries/user-sessions";
import { z } from "zod";
import { getDb } from "../db";
import { findDirectory } from "../directory";
import { log } from "../log";
import type { SessionUser } from "./options";
import { recheckDirectoryUser } from "./recheck-directory-user";
import { checkSession, forgetSession, type SessionClaims } from "./session-check";

/**
 * Opens the server-side session of someone who just signed in: what the cookie carries of it
 * (see `SessionClaims`).
 */
export async function startSession(user: SessionUser, now = new Date()): Promise<SessionClaims> {
  const sid = await openUserSession(await getDb(), user.id, now);
  return { sid, startedAt: now.getTime(), user };
}

/** The person behind a session cookie's claims while the session is alive (see `checkSession`). */
export async function findSessionUser(claims: unknown): Promise<SessionUser | undefined> {
  const db = await getDb();
  const directory = await findDirectory()?.catch(() => undefined);
  const now = new Date();
  return checkSession(claims, {
    db,
    now,
    recheckDirectoryUsers:
      directory &&
      (async (users) => {
        for (const user of users) await recheckDirectoryUser({ db, directory, now: new Date() }, user);
      }),
    onBackgroundError: (error) => log.error({ err: error }, "session bookkeeping failed"),
  });
}

/** Sign-out: the session ends in the database, so a saved copy of its cookie is worth nothing. */
export async function endSession(sessionId: unknown): Promise<void> {
  if (!z.uuid().safeParse(sessionId).success) return;
  forgetSession(sessionId);
  await revokeUserSession(await getDb(), sessionId as string, new Date());
}
