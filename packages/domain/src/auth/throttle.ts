/**
 * Sign-in throttling: after a few failures an account (or a source address) must wait, and the
 * wait doubles with each further failure up to a ceiling. Pure: the caller passes `now` and
 * keeps the state (the portal in the `login_throttle` table, so every instance agrees).
 *
 * The account limit sits below a typical AD lockout threshold (5–10) on purpose: someone
 * guessing passwords through Tremplin is slowed down here before AD locks the real person out.
 */
export type ThrottleRule = { freeFailures: number; baseDelayMs: number; maxDelayMs: number };
export type ThrottlePolicy = {
  account: ThrottleRule;
  source: ThrottleRule;
  /** A run of failures is forgotten when the last one is older than this. */
  forgetAfterMs: number;
};
export type ThrottleScope = "account" | "source";
export type ThrottleState = { failures: number; lockedUntil: Date | null; updatedAt: Date };
export type ThrottleDecision =
  | { allowed: true }
  | { allowed: false; scope: ThrottleScope; retryAfterMs: number; until: Date };

const minute = 60_000;
export const defaultThrottlePolicy: ThrottlePolicy = {
  // Four wrong passwords reach AD, then the account waits: a lockout threshold of 5 is never hit from here.
  account: { freeFailures: 3, baseDelayMs: 15_000, maxDelayMs: 15 * minute },
  // A classroom shares one address behind NAT: the source limit is far looser than the account one.
  source: { freeFailures: 30, baseDelayMs: 30_000, maxDelayMs: 30 * minute },
  forgetAfterMs: 30 * minute,
};

/** The rows' keys: `account:<login key>` and `source:<address>`. */
export function throttleKeys(input: { accountKey: string; source: string }): Record<ThrottleScope, string> {
  return {
    account: `account:${input.accountKey.toLowerCase()}`,
    source: `source:${sourceKey(input.source)}`,
  };
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
  for (const scope of ["account", "source"] as const) {
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
  scope: ThrottleScope,
  now: Date,
  policy: ThrottlePolicy = defaultThrottlePolicy,
): ThrottleState {
  const stale = !previous || now.getTime() - previous.updatedAt.getTime() > policy.forgetAfterMs;
  const failures = (stale ? 0 : previous.failures) + 1;
  const delay = backoffDelayMs(failures, policy[scope]);
  const fresh = delay > 0 ? new Date(now.getTime() + delay) : null;
  const kept = stale ? null : previous.lockedUntil;
  return { failures, lockedUntil: later(fresh, kept), updatedAt: now };
}

function later(a: Date | null, b: Date | null): Date | null {
  if (!a || !b) return a ?? b;
  return a.getTime() >= b.getTime() ? a : b;
}

/** 0 while failures ≤ freeFailures, then base, 2×base, 4×base… capped at maxDelayMs. */
export function backoffDelayMs(failures: number, rule: ThrottleRule): number {
  const over = failures - rule.freeFailures;
  if (over <= 0) return 0;
  // 2^30 already exceeds any sane ceiling; capping the exponent keeps the number finite.
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** Math.min(over - 1, 30));
}
