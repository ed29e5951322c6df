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
 * Sign-in throttling state shared by every portal instance (the rules are in
 * @tremplin/domain/auth). Call `reserveLoginAttempt` before the bind; then
 * `recordLoginSuccess`, or `recordLoginFailure` for a wrong password.
 *
 * May this attempt go to the directory? Refused while the (account, address) pair or the address
 * waits, or while the account's budget of attempts is spent. Allowed, it counts against that
 * budget at once, before the bind: twenty attempts sent together from twenty addresses cannot all
 * pass a check made before any of them failed, and AD counts a bad password as soon as it sees it.
 */
export async function reserveLoginAttempt(
  db: Db,
  subject: ThrottleSubject,
  now: Date,
  policy: ThrottlePolicy = defaultThrottlePolicy,
): Promise<ThrottleDecision> {
  const keys = throttleKeys(subject);
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(loginThrottle)
      .where(inArray(loginThrottle.key, [keys.pair, keys.source]));
    const waiting = evaluateThrottle(statesByScope(rows, keys), now);
    if (!waiting.allowed) return waiting;
    // The account's row is locked while its count is read and raised: concurrent attempts on
    // several instances queue here, and each sees the ones before it.
    const previous = await lockedState(tx, keys.account, now);
    const spent = evaluateThrottle({ account: previous }, now);
    if (!spent.allowed) return spent;
    await save(tx, keys.account, stateAfterFailure(previous, policy.account, now));
    return { allowed: true };
  });
}

/**
 * A wrong password: one more failure for the (account, address) pair and for the address, each
 * row locked while its next state is computed so that concurrent failures all count. The
 * account's own count already took this attempt at reservation. Returns the decision for the
 * next attempt from this address.
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
    // Always pair first, then source: concurrent transactions lock in one order, no deadlock.
    for (const scope of ["pair", "source"] as const) {
      const next = stateAfterFailure(await lockedState(tx, keys[scope], now), policy[scope], now);
      await save(tx, keys[scope], next);
      states[scope] = next;
    }
    return evaluateThrottle(states, now);
  });
}

/**
 * A successful sign-in clears the account's count (AD resets its own on a good bind) and the
 * pair's. The address's is kept on purpose: one valid account must not let an address reset
 * its count between guesses at others.
 */
export async function recordLoginSuccess(db: Db, subject: ThrottleSubject): Promise<void> {
  const keys = throttleKeys(subject);
  await db.delete(loginThrottle).where(inArray(loginThrottle.key, [keys.account, keys.pair]));
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
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** The row's state, locked (SELECT … FOR UPDATE) until the transaction ends; undefined if none yet. */
async function lockedState(tx: Tx, key: string, now: Date): Promise<ThrottleState | undefined> {
  await tx.insert(loginThrottle).values({ key, failures: 0, updatedAt: now }).onConflictDoNothing();
  const [row] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).for("update");
  // A row created just above has no failure yet: it starts a fresh run.
  return row && row.failures > 0 ? toState(row) : undefined;
}

async function save(tx: Tx, key: string, state: ThrottleState): Promise<void> {
  await tx
    .update(loginThrottle)
    .set({ failures: state.failures, lockedUntil: state.lockedUntil, updatedAt: state.updatedAt })
    .where(eq(loginThrottle.key, key));
}

function toState(row: Row): ThrottleState {
  return { failures: row.failures, lockedUntil: row.lockedUntil, updatedAt: row.updatedAt };
}

function statesByScope(rows: Row[], keys: Record<ThrottleScope, string>) {
  const states: Partial<Record<ThrottleScope, ThrottleState>> = {};
  for (const row of rows) {
    if (row.key === keys.pair) states.pair = toState(row);
    if (row.key === keys.source) states.source = toState(row);
  }
  return states;
}
