import "server-only";
import type { Db } from "@tremplin/db/client";
import {
  findSessionsRevokedSince,
  findUserSession,
  touchUserSessions,
} from "@tremplin/db/queries/user-sessions";
import { roles, type SessionLimits, sessionEnd, sessionLimits } from "@tremplin/domain/auth";
import { z } from "zod";
import type { SessionUser } from "./options";

/**
 * What the session cookie says, as the portal wrote it at sign-in: the server-side session's id,
 * when it began (the absolute limit counts from there; next-auth's own `iat` moves at each
 * renewal), and the person with the roles they had then. A role change or a disabled account
 * revokes the session (a trigger on `users`), so the roles here are never stale for long.
 */
export type SessionClaims = { sid: string; startedAt: number; user: SessionUser };
const claimsSchema = z.object({
  sid: z.uuid(),
  startedAt: z.number().int().positive(),
  user: z.object({
    id: z.uuid(),
    name: z.string(),
    username: z.string(),
    roles: z.array(z.enum(roles)),
    source: z.enum(["directory", "local"]),
  }),
});

export type SessionCheckDeps = {
  db: Db;
  now: Date;
  limits?: SessionLimits;
  /**
   * Asks the directory about the directory accounts seen lately: one it disables or removes has
   * its sessions revoked (recheck-directory-user.ts). Runs in the background, never on a request.
   */
  recheckDirectoryUsers?: (users: SessionUser[]) => Promise<void>;
  onBackgroundError?: (error: unknown) => void;
};

/**
 * What this process knows, shared by Next's bundles (pages and route handlers each get their own
 * copy of this module; a sign-out handled by next-auth's route must reach the pages): the
 * sessions revoked lately, polled every `recheckMs` (one indexed query, whatever the number of
 * sessions); the last request of each session seen here, written to the database in one batch
 * every `touchEveryMs`; the directory accounts seen since their last recheck.
 */
type ProcessState = {
  revoked: Map<string, number>;
  polledAt: number | undefined;
  poll: Promise<void> | undefined;
  lastSeen: Map<string, number>;
  unwritten: Set<string>;
  touchedAt: number;
  directoryUsers: Map<string, SessionUser>;
  recheckedAt: number;
  background: Promise<void>;
};
const holder = globalThis as typeof globalThis & { __tremplinSessions?: ProcessState };
holder.__tremplinSessions ??= {
  revoked: new Map(),
  polledAt: undefined,
  poll: undefined,
  lastSeen: new Map(),
  unwritten: new Set(),
  touchedAt: 0,
  directoryUsers: new Map(),
  recheckedAt: 0,
  background: Promise.resolve(),
};
const state = holder.__tremplinSessions;

// A revocation is written with the database's clock (the trigger's now(), at its transaction's
// start) and may commit a little later, while polls count in this process's clock: each poll
// reads back this far before the previous one, for the commit delay and the clocks' skew.
const pollOverlapMs = 5 * 60_000;

/**
 * The person a session cookie stands for, or undefined once the session is revoked (signed out,
 * account disabled, role changed), idle or past its absolute limit. A request costs no query:
 * revocations are polled, and the database's last request of a session is read only when the
 * session is older than the idle limit and this process has not seen it within it.
 */
export async function checkSession(
  payload: unknown,
  deps: SessionCheckDeps,
): Promise<SessionUser | undefined> {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const { sid, startedAt, user } = parsed.data;
  const limits = deps.limits ?? sessionLimits;
  const now = deps.now.getTime();
  await pollRevocations(deps, limits);
  if (state.revoked.has(sid) || now - startedAt >= limits.absoluteMs) return undefined;
  const seen = state.lastSeen.get(sid);
  const isSurelyActive =
    (seen !== undefined && now - seen < limits.idleMs) || now - startedAt < limits.idleMs;
  if (!isSurelyActive && !(await isAliveInDatabase(sid, deps, limits))) {
    state.revoked.set(sid, now);
    return undefined;
  }
  state.lastSeen.set(sid, now);
  state.unwritten.add(sid);
  if (user.source === "directory") state.directoryUsers.set(user.id, user);
  startBackgroundWork(deps, limits);
  return user;
}

/** Drops a session at once in this process (signed out here: no wait for the next poll). */
export function forgetSession(sessionId: unknown): void {
  if (typeof sessionId !== "string") return;
  state.revoked.set(sessionId, Date.now());
  state.lastSeen.delete(sessionId);
  state.unwritten.delete(sessionId);
}

/** Resolves once this process's background writes and directory checks are done (tests). */
export function settleSessionWork(): Promise<void> {
  return state.background;
}

async function pollRevocations(deps: SessionCheckDeps, limits: SessionLimits): Promise<void> {
  const now = deps.now.getTime();
  if (state.polledAt !== undefined && now - state.polledAt < limits.recheckMs) return;
  // One poll at a time: the requests that arrive meanwhile wait for the same answer.
  state.poll ??= (async () => {
    // The first poll reads back the absolute limit: no older revocation can matter.
    const back = state.polledAt === undefined ? limits.absoluteMs : now - state.polledAt + pollOverlapMs;
    for (const id of await findSessionsRevokedSince(deps.db, new Date(now - back))) {
      if (!state.revoked.has(id)) state.revoked.set(id, now);
      state.lastSeen.delete(id);
    }
    for (const [id, at] of state.revoked) if (now - at > limits.absoluteMs) state.revoked.delete(id);
    state.polledAt = now;
  })().finally(() => {
    state.poll = undefined;
  });
  await state.poll;
}

async function isAliveInDatabase(sid: string, deps: SessionCheckDeps, limits: SessionLimits) {
  const found = await findUserSession(deps.db, sid);
  return found !== undefined && sessionEnd(found.session, found.user, deps.now, limits) === undefined;
}

/** The batch of last requests, and the directory recheck, when due: off the request's path. */
function startBackgroundWork(deps: SessionCheckDeps, limits: SessionLimits): void {
  const now = deps.now.getTime();
  const isTouchDue = now - state.touchedAt >= limits.touchEveryMs && state.unwritten.size > 0;
  const isRecheckDue =
    deps.recheckDirectoryUsers !== undefined &&
    now - state.recheckedAt >= limits.recheckMs &&
    state.directoryUsers.size > 0;
  if (!isTouchDue && !isRecheckDue) return;
  const work: Promise<void>[] = [];
  if (isTouchDue) {
    const ids = [...state.unwritten];
    state.unwritten.clear();
    state.touchedAt = now;
    for (const [id, at] of state.lastSeen) if (now - at >= limits.idleMs) state.lastSeen.delete(id);
    work.push(touchUserSessions(deps.db, ids, deps.now));
  }
  if (isRecheckDue) {
    const users = [...state.directoryUsers.values()];
    state.directoryUsers.clear();
    state.recheckedAt = now;
    work.push(deps.recheckDirectoryUsers!(users));
  }
  const done = Promise.all(work).then(
    () => undefined,
    (error: unknown) => deps.onBackgroundError?.(error),
  );
  state.background = state.background.then(() => done);
}
