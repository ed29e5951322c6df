import "server-only";
import type { Db } from "@tremplin/db/client";
import { findUserSession, touchUserSession } from "@tremplin/db/queries/user-sessions";
import type { UserRow } from "@tremplin/db/queries/users";
import { isDueForTouch, type SessionLimits, sessionEnd, sessionLimits } from "@tremplin/domain/auth";
import { z } from "zod";
import type { SessionUser } from "./options";
import { toSessionUser } from "./sign-in";

export type SessionCheckDeps = {
  db: Db;
  now: Date;
  limits?: SessionLimits;
  /**
   * For a directory account: what AD says of it now, as the users row it should be (roles
   * updated), or undefined when it may no longer be used (its sessions are revoked then).
   */
  recheckDirectoryUser?: (user: UserRow) => Promise<UserRow | undefined>;
};

type Checked = { user: SessionUser | undefined; until: number };

// Each process remembers its last answer per session for `recheckMs` (30 s): most requests cost
// a Map lookup, one in thirty seconds per active session costs an indexed read. Bounded, oldest
// out first, so that a flood of made-up ids cannot grow it without end. Held on globalThis: Next
// bundles pages and route handlers apart, each with its own copy of this module, and a sign-out
// handled by next-auth's route must reach the pages' memory too.
const holder = globalThis as typeof globalThis & { __tremplinSessionChecks?: Map<string, Checked> };
holder.__tremplinSessionChecks ??= new Map<string, Checked>();
const checked = holder.__tremplinSessionChecks;
const maxRemembered = 50_000;
const sessionIdSchema = z.uuid();

/**
 * The person a session id stands for, as the database (and, for a directory account, AD) says
 * now: undefined once the session is revoked, idle or past its absolute limit, or its account
 * disabled. Roles come from the account, not from the cookie, so a removed role is gone too.
 * Writes the session's last request down at most once a minute.
 */
export async function checkSession(
  sessionId: unknown,
  deps: SessionCheckDeps,
): Promise<SessionUser | undefined> {
  const parsed = sessionIdSchema.safeParse(sessionId);
  if (!parsed.success) return undefined;
  const id = parsed.data;
  const limits = deps.limits ?? sessionLimits;
  const now = deps.now.getTime();
  const hit = checked.get(id);
  if (hit && now < hit.until) return hit.user;
  const user = await loadSession(id, { ...deps, limits });
  checked.delete(id);
  checked.set(id, { user, until: now + limits.recheckMs });
  if (checked.size > maxRemembered) checked.delete(checked.keys().next().value!);
  return user;
}

/** Drops this process's memory of a session (signed out here: no 30 s of grace in this process). */
export function forgetSession(sessionId: unknown): void {
  if (typeof sessionId === "string") checked.delete(sessionId);
}

async function loadSession(
  id: string,
  deps: SessionCheckDeps & { limits: SessionLimits },
): Promise<SessionUser | undefined> {
  const found = await findUserSession(deps.db, id);
  if (!found || sessionEnd(found.session, found.user, deps.now, deps.limits)) return undefined;
  const user =
    found.user.source === "directory" && deps.recheckDirectoryUser
      ? await deps.recheckDirectoryUser(found.user)
      : found.user;
  if (!user) return undefined;
  if (isDueForTouch(found.session, deps.now, deps.limits)) await touchUserSession(deps.db, id, deps.now);
  return toSessionUser(user);
}
