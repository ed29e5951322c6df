import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  defaultThrottlePolicy,
  evaluateThrottle,
  sourceKey,
  stateAfterFailure,
  type ThrottleState,
  throttleKeys,
} from "./throttle";

const t0 = new Date("2026-11-23T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const rule = { freeFailures: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 };
const policy = { account: rule, source: { ...rule, freeFailures: 10 }, forgetAfterMs: 600_000 };

function fail(times: number, scope: "account" | "source" = "account", start?: ThrottleState) {
  let state = start;
  for (let i = 0; i < times; i++) state = stateAfterFailure(state, scope, t0, policy);
  return state!;
}

describe("back-off", () => {
  it("is free up to the threshold, then doubles up to the ceiling", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 1000].map((n) => backoffDelayMs(n, rule))).toEqual([
      0, 0, 0, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000,
    ]);
  });

  it("locks an account after the free failures and lets it in once the delay has passed", () => {
    expect(fail(3)).toEqual({ failures: 3, lockedUntil: null, updatedAt: t0 });
    const locked = fail(4);
    expect(locked.lockedUntil).toEqual(at(10_000));
    expect(evaluateThrottle({ account: locked }, at(9_999))).toEqual({
      allowed: false,
      scope: "account",
      retryAfterMs: 1,
      until: at(10_000),
    });
    expect(evaluateThrottle({ account: locked }, at(10_000))).toEqual({ allowed: true });
  });

  it("reports the longer of two locks", () => {
    const decision = evaluateThrottle({ account: fail(4), source: fail(13, "source") }, t0);
    expect(decision).toMatchObject({ allowed: false, scope: "source", retryAfterMs: 40_000 });
  });

  it("forgets a run of failures after a quiet spell, but not before", () => {
    const locked = fail(5);
    const soon = stateAfterFailure(locked, "account", at(policy.forgetAfterMs), policy);
    expect(soon.failures).toBe(6);
    const later = stateAfterFailure(locked, "account", at(policy.forgetAfterMs + 1), policy);
    expect(later).toEqual({ failures: 1, lockedUntil: null, updatedAt: at(policy.forgetAfterMs + 1) });
  });

  it("never shortens a lock already in force", () => {
    const long = { failures: 2, lockedUntil: at(500_000), updatedAt: t0 };
    expect(stateAfterFailure(long, "account", at(1), policy).lockedUntil).toEqual(at(500_000));
  });

  it("sits below a usual AD lockout threshold by default", () => {
    // The failure after the free ones still reaches AD: that one must stay below 5 too.
    const reachingAd = defaultThrottlePolicy.account.freeFailures + 1;
    expect(reachingAd).toBeLessThan(5);
  });
});

describe("keys", () => {
  it("counts every spelling of one account as one account", () => {
    expect(throttleKeys({ accountKey: "JDupont", source: "10.0.0.7" })).toEqual({
      account: "account:jdupont",
      source: "source:10.0.0.7",
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
