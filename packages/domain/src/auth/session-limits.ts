/**
 * How long a signed-in session of the portal lives, decided on the server at each request: a
 * saved cookie is worth nothing once the session is revoked (signed out, account disabled, role
 * changed: each process learns it within `recheckMs`) or a limit passed.
 */
export type SessionLimits = {
  /** Without a request for this long, the session ends. */
  idleMs: number;
  /** Whatever the activity, the session ends this long after sign-in. */
  absoluteMs: number;
  /** Each process writes down its sessions' last requests this often, in one batch. */
  touchEveryMs: number;
  /** Each process reads the revoked sessions this often: the bound on revocation delay. */
  recheckMs: number;
};

const minute = 60_000;
export const sessionLimits: SessionLimits = {
  idleMs: 30 * minute,
  absoluteMs: 10 * 60 * minute,
  touchEveryMs: minute,
  recheckMs: 30_000,
};

export type SessionEnd = "revoked" | "disabled" | "idle" | "expired";
export type SessionRecord = { createdAt: Date; lastSeenAt: Date; revokedAt: Date | null };

/** Why the session is over, or undefined while it is alive. */
export function sessionEnd(
  session: SessionRecord,
  user: { disabledAt: Date | null },
  now: Date,
  limits: SessionLimits = sessionLimits,
): SessionEnd | undefined {
  if (session.revokedAt) return "revoked";
  if (user.disabledAt && user.disabledAt.getTime() <= now.getTime()) return "disabled";
  if (now.getTime() - session.createdAt.getTime() >= limits.absoluteMs) return "expired";
  // last_seen lags the real last request by up to touchEveryMs + recheckMs: allow for it, so
  // that a person active all along is never taken for idle.
  const idleFor = now.getTime() - session.lastSeenAt.getTime();
  if (idleFor >= limits.idleMs + limits.touchEveryMs + limits.recheckMs) return "idle";
  return undefined;
}
