import "server-only";
import { openUserSession, revokeUserSession } from "@tremplin/db/queries/user-sessions";
import { z } from "zod";
import { getDb } from "../db";
import { findDirectory } from "../directory";
import type { SessionUser } from "./options";
import { recheckDirectoryUser } from "./recheck-directory-user";
import { checkSession, forgetSession } from "./session-check";

/** Opens the server-side session of someone who just signed in; its id goes in the cookie. */
export async function startSession(userId: string): Promise<string> {
  return openUserSession(await getDb(), userId, new Date());
}

/** The person behind a session id if the session is still alive (see `checkSession`). */
export async function findSessionUser(sessionId: unknown): Promise<SessionUser | undefined> {
  const db = await getDb();
  const directory = await findDirectory()?.catch(() => undefined);
  const now = new Date();
  return checkSession(sessionId, {
    db,
    now,
    recheckDirectoryUser: directory && ((user) => recheckDirectoryUser({ db, directory, now }, user)),
  });
}

/** Sign-out: the session ends in the database, so a saved copy of its cookie is worth nothing. */
export async function endSession(sessionId: unknown): Promise<void> {
  if (!z.uuid().safeParse(sessionId).success) return;
  forgetSession(sessionId);
  await revokeUserSession(await getDb(), sessionId as string, new Date());
}
