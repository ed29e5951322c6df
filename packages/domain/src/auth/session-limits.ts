/**
 * How long a signed-in session of the portal lives, decided on the server at each request
 * (through a cache of at most `recheckMs`): a saved cookie is worth nothing once the session
 * is revoked (signed out), its account disabled, or a limit passed.
 */
export type SessionLimits = {
  /** Without a request for this long, the session ends. */
  idleMs: number;
  /** Whatever the activity, the session ends this long after sign-in. */
  absoluteMs: number;
  /** The last request is written down at most this often (a write per request would be waste). */
  touchEveryMs: number;
  /** A process trusts its last check of a session for this long: the bound on revocation delay. */
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

/** Is the last request old enough in the record to be written down again? */
export function isDueForTouch(session: SessionRecord, now: Date, limits: SessionLimits = sessionLimits) {
  return now.getTime() - session.lastSeenAt.getTime() >= limits.touchEveryMs;
}
