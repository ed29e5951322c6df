/**
 * Sign-in throttling. Pure: the caller passes `now` and keeps the state (the portal in the
 * `login_throttle` table, so every instance agrees). Three counts, three purposes:
 *
 * - `pair` (one account from one address): someone guessing at an account waits, doubling, while
 *   the real person signing in from anywhere else is not held back by it;
 * - `source` (one address, any account): an address guessing at many accounts waits; loose,
 *   as a classroom shares one address behind NAT;
 * - `account` (one account, any address): the attempts that reach the directory, kept strictly
 *   below the domain's lockout threshold within its observation window, so that no amount of
 *   guessing through the portal ever locks the person out of AD (and so of every kiosk). When
 *   that budget is spent the portal stops asking AD for that account until AD has forgotten.
 */
export type ThrottleRule = {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A run of failures is forgotten when the last one is older than this. */
  forgetAfterMs: number;
};
export type ThrottleScope = "pair" | "source" | "account";
export type ThrottlePolicy = Record<ThrottleScope, ThrottleRule>;
export type ThrottleState = { failures: number; lockedUntil: Date | null; updatedAt: Date };
export type ThrottleDecision =
  | { allowed: true }
  | { allowed: false; scope: ThrottleScope; retryAfterMs: number; until: Date };

/**
 * The domain's account lockout policy (MS-ADTS 3.1.1.5.3.2: `lockoutThreshold`,
 * `lockoutObservationWindow`). A threshold of 0 means AD never locks.
 */
export type LockoutPolicy = { threshold: number; observationWindowMs: number };

const minute = 60_000;

/**
 * Slack added to the observation window before the portal believes AD has forgotten a run of
 * failures. AD restarts its count when a failure comes more than the window after the previous
 * one, timed on the DC at the bind; the portal times a failure when it sends the bind, which
 * reaches the DC up to a bind timeout (2 min at most, TREMPLIN_LDAP_TIMEOUT_MS) later.
 */
export const lockoutWindowMarginMs = 3 * minute;

/** With no lockout in the domain (or a local account), still a cap on guesses from everywhere. */
export const noLockoutBudget = 10;

const defaultWindowMs = 30 * minute;

/**
 * The `account` rule for a lockout policy: at most `threshold - 1` attempts reach AD in a run,
 * then none until AD's count has reset (the window plus a margin after the last one).
 */
export function accountRule(lockout: LockoutPolicy): ThrottleRule {
  const budget = lockout.threshold === 0 ? noLockoutBudget : Math.max(1, lockout.threshold - 1);
  const forgetAfterMs = lockout.observationWindowMs + lockoutWindowMarginMs;
  // The attempt that spends the budget locks the account for exactly the forget span, plus one
  // millisecond: the next attempt then starts a fresh run, as AD's count has reset by then.
  return {
    freeFailures: budget - 1,
    baseDelayMs: forgetAfterMs + 1,
    maxDelayMs: forgetAfterMs + 1,
    forgetAfterMs,
  };
}

/** The policy for a domain's lockout settings; the other two rules do not depend on it. */
export function throttlePolicyFor(lockout: LockoutPolicy): ThrottlePolicy {
  return {
    // Three guesses from one address, then a wait: with a budget of 4 (a threshold of 5), one
    // attempt is left for the person themselves when a single address did the guessing.
    pair: { freeFailures: 2, baseDelayMs: 15_000, maxDelayMs: 15 * minute, forgetAfterMs: 30 * minute },
    source: { freeFailures: 30, baseDelayMs: 30_000, maxDelayMs: 30 * minute, forgetAfterMs: 30 * minute },
    account: accountRule(lockout),
  };
}

/** Used when the domain's policy is unknown and not configured: a common hardened setting. */
export const assumedLockoutPolicy: LockoutPolicy = { threshold: 5, observationWindowMs: defaultWindowMs };
export const defaultThrottlePolicy: ThrottlePolicy = throttlePolicyFor(assumedLockoutPolicy);

/** The rows' keys: `pair:<login key>|<address>`, `source:<address>` and `account:<login key>`. */
export function throttleKeys(input: { accountKey: string; source: string }): Record<ThrottleScope, string> {
  const account = input.accountKey.toLowerCase();
  const source = sourceKey(input.source);
  return { pair: `pair:${account}|${source}`, source: `source:${source}`, account: `account:${account}` };
}

/**
 * An IPv6 client can rotate through the 2^64 addresses of its own /64, so IPv6 sources count
 * per /64; IPv4 (and IPv4-mapped) addresses count one by one.
 */
export function sourceKey(address: string): string {
  const value = address.trim().toLowerCase().slice(0, 64);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(value);
  if (mapped) return mapped[1]!;
  if (!value.includes(":")) return value || "unknown";
  const [head = "", tail = ""] = value.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = value.includes("::")
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** May this attempt go to the directory? Checked before any bind. */
export function evaluateThrottle(
  states: Partial<Record<ThrottleScope, ThrottleState>>,
  now: Date,
): ThrottleDecision {
  let worst: ThrottleDecision = { allowed: true };
  for (const scope of ["pair", "source", "account"] as const) {
    const until = states[scope]?.lockedUntil;
    if (!until || until.getTime() <= now.getTime()) continue;
    const retryAfterMs = until.getTime() - now.getTime();
    if (worst.allowed || retryAfterMs > worst.retryAfterMs)
      worst = { allowed: false, scope, retryAfterMs, until };
  }
  return worst;
}

/** The state after one more failure: the count grows (or restarts after a quiet spell) and may lock. */
export function stateAfterFailure(
  previous: ThrottleState | undefined,
  rule: ThrottleRule,
  now: Date,
): ThrottleState {
  const stale = !previous || now.getTime() - previous.updatedAt.getTime() > rule.forgetAfterMs;
  const failures = (stale ? 0 : previous.failures) + 1;
  const delay = backoffDelayMs(failures, rule);
  const fresh = delay > 0 ? new Date(now.getTime() + delay) : null;
  const kept = stale ? null : previous.lockedUntil;
  return { failures, lockedUntil: later(fresh, kept), updatedAt: now };
}

function later(a: Date | null, b: Date | null): Date | null {
  if (!a || !b) return a ?? b;
  return a.getTime() >= b.getTime() ? a : b;
}

/** 0 while failures ≤ freeFailures, then base, 2×base, 4×base… capped at maxDelayMs. */
export function backoffDelayMs(failures: number, rule: Omit<ThrottleRule, "forgetAfterMs">): number {
  const over = failures - rule.freeFailures;
  if (over <= 0) return 0;
  // 2^30 already exceeds any sane ceiling; capping the exponent keeps the number finite.
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** Math.min(over - 1, 30));
}
