import {
  defaultThrottlePolicy,
  evaluateThrottle,
  stateAfterFailure,
  type ThrottleDecision,
  type ThrottlePolicy,
  type ThrottleScope,
  type ThrottleState,
  throttleKeys,
} from "@tremplin/domain/auth";
import { eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { loginThrottle } from "../schema/index";

/** Who is signing in, as throttling sees it: the login's account key and the client address. */
export type ThrottleSubject = { accountKey: string; source: string };

/**
 * Sign-in throttling state shared by every portal instance (the rule itself is in
 * @tremplin/domain/auth). Call `checkLoginThrottle` before the bind, then
 * `recordLoginFailure` or `recordLoginSuccess` after it.
 */
export async function checkLoginThrottle(
  db: Db,
  subject: ThrottleSubject,
  now: Date,
): Promise<ThrottleDecision> {
  const keys = throttleKeys(subject);
  const rows = await db
    .select()
    .from(loginThrottle)
    .where(inArray(loginThrottle.key, [keys.account, keys.source]));
  return evaluateThrottle(statesByScope(rows, keys), now);
}

/**
 * Counts one failure for the account and for the source, atomically: each row is locked
 * (SELECT … FOR UPDATE) while its next state is computed, so concurrent failures on several
 * instances all count. Returns the decision for the next attempt.
 */
export async function recordLoginFailure(
  db: Db,
  subject: ThrottleSubject,
  now: Date,
  policy: ThrottlePolicy = defaultThrottlePolicy,
): Promise<ThrottleDecision> {
  const keys = throttleKeys(subject);
  return db.transaction(async (tx) => {
    const states: Partial<Record<ThrottleScope, ThrottleState>> = {};
    // Always account first, then source: concurrent transactions lock in one order, no deadlock.
    for (const scope of ["account", "source"] as const) {
      const key = keys[scope];
      await tx.insert(loginThrottle).values({ key, failures: 0, updatedAt: now }).onConflictDoNothing();
      const [row] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).for("update");
      // A row created just above has no failure yet: it starts a fresh run.
      const previous = row && row.failures > 0 ? toState(row) : undefined;
      const next = stateAfterFailure(previous, scope, now, policy);
      await tx
        .update(loginThrottle)
        .set({ failures: next.failures, lockedUntil: next.lockedUntil, updatedAt: next.updatedAt })
        .where(eq(loginThrottle.key, key));
      states[scope] = next;
    }
    return evaluateThrottle(states, now);
  });
}

/**
 * A successful sign-in clears the account's count. The source's is kept on purpose: one
 * valid account must not let an address reset its count between guesses at others.
 */
export async function recordLoginSuccess(db: Db, subject: ThrottleSubject): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, throttleKeys(subject).account));
}

/** Removes rows untouched since `before` whose lock is over: run it now and then. */
export async function pruneLoginThrottle(db: Db, before: Date): Promise<number> {
  const removed = await db
    .delete(loginThrottle)
    .where(
      sql`${lt(loginThrottle.updatedAt, before)} and (${loginThrottle.lockedUntil} is null or ${loginThrottle.lockedUntil} < ${before})`,
    )
    .returning({ key: loginThrottle.key });
  return removed.length;
}

type Row = typeof loginThrottle.$inferSelect;

function toState(row: Row): ThrottleState {
  return { failures: row.failures, lockedUntil: row.lockedUntil, updatedAt: row.updatedAt };
}

function statesByScope(rows: Row[], keys: Record<ThrottleScope, string>) {
  const states: Partial<Record<ThrottleScope, ThrottleState>> = {};
  for (const row of rows) {
    if (row.key === keys.account) states.account = toState(row);
    if (row.key === keys.source) states.source = toState(row);
  }
  return states;
}
