import { describe, expect, it } from "vitest";
import {
  accountRule,
  backoffDelayMs,
  evaluateThrottle,
  lockoutWindowMarginMs,
  noLockoutBudget,
  sourceKey,
  stateAfterFailure,
  type ThrottleRule,
  type ThrottleState,
  throttleKeys,
  throttlePolicyFor,
} from "./throttle";

const t0 = new Date("2026-11-23T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const minute = 60_000;
const rule: ThrottleRule = {
  freeFailures: 3,
  baseDelayMs: 10_000,
  maxDelayMs: 60_000,
  forgetAfterMs: 600_000,
};

function fail(times: number, r: ThrottleRule = rule, start?: ThrottleState, now = t0) {
  let state = start;
  for (let i = 0; i < times; i++) state = stateAfterFailure(state, r, now);
  return state!;
}

describe("back-off", () => {
  it("is free up to the threshold, then doubles up to the ceiling", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 1000].map((n) => backoffDelayMs(n, rule))).toEqual([
      0, 0, 0, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000,
    ]);
  });

  it("makes a pair wait after the free failures and lets it in once the delay has passed", () => {
    expect(fail(3)).toEqual({ failures: 3, lockedUntil: null, updatedAt: t0 });
    const locked = fail(4);
    expect(locked.lockedUntil).toEqual(at(10_000));
    expect(evaluateThrottle({ pair: locked }, at(9_999))).toEqual({
      allowed: false,
      scope: "pair",
      retryAfterMs: 1,
      until: at(10_000),
    });
    expect(evaluateThrottle({ pair: locked }, at(10_000))).toEqual({ allowed: true });
  });

  it("reports the longest of several waits", () => {
    const decision = evaluateThrottle({ pair: fail(4), source: fail(6) }, t0);
    expect(decision).toMatchObject({ allowed: false, scope: "source", retryAfterMs: 40_000 });
  });

  it("forgets a run of failures after a quiet spell, but not before", () => {
    const locked = fail(5);
    expect(stateAfterFailure(locked, rule, at(rule.forgetAfterMs)).failures).toBe(6);
    const later = stateAfterFailure(locked, rule, at(rule.forgetAfterMs + 1));
    expect(later).toEqual({ failures: 1, lockedUntil: null, updatedAt: at(rule.forgetAfterMs + 1) });
  });

  it("never shortens a lock already in force", () => {
    const long = { failures: 2, lockedUntil: at(500_000), updatedAt: t0 };
    expect(stateAfterFailure(long, rule, at(1)).lockedUntil).toEqual(at(500_000));
  });
});

/**
 * AD's own count, as MS-ADTS 3.1.1.5.3.2 describes it: a bad password adds one, unless the
 * previous one is older than the observation window, which starts the count again.
 */
function adCountAfter(times: number[], windowMs: number): number {
  let count = 0;
  let last: number | undefined;
  let highest = 0;
  for (const t of times) {
    count = last !== undefined && t - last > windowMs ? 1 : count + 1;
    last = t;
    highest = Math.max(highest, count);
  }
  return highest;
}

describe("the account's budget below AD's lockout", () => {
  const lockout = { threshold: 5, observationWindowMs: 30 * minute };
  const account = accountRule(lockout);

  /** Attempts every `everyMs` for `spanMs`: the times the budget lets through to AD. */
  function reachingAd(everyMs: number, spanMs: number): number[] {
    let state: ThrottleState | undefined;
    const sent: number[] = [];
    for (let t = 0; t <= spanMs; t += everyMs) {
      if (!evaluateThrottle({ account: state }, at(t)).allowed) continue;
      state = stateAfterFailure(state, account, at(t));
      sent.push(t);
    }
    return sent;
  }

  it("lets threshold − 1 attempts through, then none until AD has forgotten them", () => {
    const sent = reachingAd(1_000, 3 * 3600_000);
    expect(sent.slice(0, 4)).toEqual([0, 1_000, 2_000, 3_000]);
    // The fifth waits the window and the margin after the fourth: AD counts from 1 again.
    expect(sent[4]! - sent[3]!).toBeGreaterThan(lockout.observationWindowMs + lockoutWindowMarginMs);
  });

  it.each([
    [1_000, "a guess a second"],
    [29 * minute, "a guess just inside AD's window"],
    [30 * minute, "a guess right at the window"],
    [33 * minute, "a guess right at the window plus the margin"],
    [7 * minute, "a guess every seven minutes"],
  ])("keeps AD's count below the threshold over a day (%i ms: %s)", (everyMs) => {
    const sent = reachingAd(everyMs, 24 * 3600_000);
    expect(sent.length).toBeGreaterThan(0);
    expect(adCountAfter(sent, lockout.observationWindowMs)).toBeLessThan(lockout.threshold);
  });

  it("stays below even when each bind reaches the DC up to two minutes late", () => {
    // The portal counts when it sends the bind; AD times the failure when the bind arrives.
    const sent = reachingAd(30 * minute + 1, 24 * 3600_000);
    const arrivals = sent.map((t, i) => t + (i % 2 === 0 ? 2 * minute : 0));
    expect(adCountAfter(arrivals, lockout.observationWindowMs)).toBeLessThan(lockout.threshold);
  });

  it("still caps guesses when the domain never locks, and honours a threshold of 2", () => {
    expect(accountRule({ threshold: 0, observationWindowMs: 30 * minute }).freeFailures).toBe(
      noLockoutBudget - 1,
    );
    expect(accountRule({ threshold: 2, observationWindowMs: 30 * minute }).freeFailures).toBe(0);
  });

  it("leaves the pair and source rules alone", () => {
    const policy = throttlePolicyFor(lockout);
    expect(policy.pair.freeFailures).toBeLessThan(policy.account.freeFailures);
    expect(policy.source.freeFailures).toBe(30);
    expect(policy.account).toEqual(account);
  });
});

describe("keys", () => {
  it("counts every spelling of one account as one account, from one address as one pair", () => {
    expect(throttleKeys({ accountKey: "JDupont", source: "10.0.0.7" })).toEqual({
      pair: "pair:jdupont|10.0.0.7",
      source: "source:10.0.0.7",
      account: "account:jdupont",
    });
  });

  it("groups IPv6 sources by /64 and unwraps IPv4-mapped addresses", () => {
    expect(sourceKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(sourceKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(sourceKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(sourceKey("::ffff:192.0.2.4")).toBe("192.0.2.4");
    expect(sourceKey("")).toBe("unknown");
  });
});
