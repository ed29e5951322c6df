import { describe, expect, it } from "vitest";
import { sessionEnd, sessionLimits } from "./session-limits";

const t0 = new Date("2026-11-23T08:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const minute = 60_000;
const alive = { createdAt: t0, lastSeenAt: t0, revokedAt: null };
const enabled = { disabledAt: null };

describe("sessionEnd", () => {
  it("keeps a fresh session alive", () => {
    expect(sessionEnd(alive, enabled, at(minute))).toBeUndefined();
  });

  it("ends a signed-out session and the sessions of a disabled account at once", () => {
    expect(sessionEnd({ ...alive, revokedAt: at(1) }, enabled, at(2))).toBe("revoked");
    expect(sessionEnd(alive, { disabledAt: at(1) }, at(2))).toBe("disabled");
  });

  it("ends a session left idle for its limit, allowing for how late the last request is written", () => {
    const slack = sessionLimits.touchEveryMs + sessionLimits.recheckMs;
    expect(sessionEnd(alive, enabled, at(sessionLimits.idleMs + slack - 1))).toBeUndefined();
    expect(sessionEnd(alive, enabled, at(sessionLimits.idleMs + slack))).toBe("idle");
  });

  it("ends even a busy session at its absolute limit", () => {
    const busy = { ...alive, lastSeenAt: at(sessionLimits.absoluteMs - minute) };
    expect(sessionEnd(busy, enabled, at(sessionLimits.absoluteMs - 1))).toBeUndefined();
    expect(sessionEnd(busy, enabled, at(sessionLimits.absoluteMs))).toBe("expired");
  });
});
