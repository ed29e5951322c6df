import { assumedLockoutPolicy } from "@tremplin/domain/auth";
import { describe, expect, it } from "vitest";
import { effectiveLockoutPolicy } from "./lockout-policy";

const minute = 60_000;
const domain = { threshold: 5, observationWindowMs: 30 * minute };

describe("effectiveLockoutPolicy", () => {
  it("takes the domain's policy as it is read", () => {
    expect(effectiveLockoutPolicy(domain, {})).toEqual(domain);
  });

  it("keeps the stricter of the domain's and the configured one", () => {
    expect(effectiveLockoutPolicy(domain, { threshold: 3 })).toEqual({ ...domain, threshold: 3 });
    expect(effectiveLockoutPolicy(domain, { threshold: 10, observationWindowMs: 60 * minute })).toEqual({
      threshold: 5,
      observationWindowMs: 60 * minute,
    });
    // A domain that never locks, but a fine-grained policy that does: the configured one.
    expect(effectiveLockoutPolicy({ ...domain, threshold: 0 }, { threshold: 4 })).toMatchObject({
      threshold: 4,
    });
  });

  it("uses the configured policy when the domain's cannot be read, or an assumed one", () => {
    expect(effectiveLockoutPolicy(undefined, { threshold: 7 })).toEqual({
      threshold: 7,
      observationWindowMs: assumedLockoutPolicy.observationWindowMs,
    });
    expect(effectiveLockoutPolicy(undefined, {})).toEqual(assumedLockoutPolicy);
    expect(effectiveLockoutPolicy(undefined, { threshold: 0 })).toMatchObject({ threshold: 0 });
  });
});
