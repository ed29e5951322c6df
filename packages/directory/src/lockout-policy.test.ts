import { describe, expect, it } from "vitest";
import { parseLockoutPolicy } from "./lockout-policy";

const entry = (values: Record<string, string>) => ({ dn: "DC=region,DC=fr", ...values });

describe("parseLockoutPolicy", () => {
  it("reads the threshold and AD's negative 100-ns observation window", () => {
    expect(
      parseLockoutPolicy(entry({ lockoutThreshold: "5", lockoutObservationWindow: "-18000000000" })),
    ).toEqual({ threshold: 5, observationWindowMs: 30 * 60_000 });
    // As AD and Samba spell it.
    expect(
      parseLockoutPolicy(entry({ lockoutThreshold: "0", lockOutObservationWindow: "-6000000000" })),
    ).toEqual({ threshold: 0, observationWindowMs: 10 * 60_000 });
  });

  it("refuses an entry without the attributes or with values that are not numbers", () => {
    const unreadable: Record<string, string>[] = [
      {},
      { lockoutThreshold: "cinq", lockoutObservationWindow: "-1" },
    ];
    for (const values of unreadable) {
      const error = (() => {
        try {
          return parseLockoutPolicy(entry(values));
        } catch (e) {
          return e;
        }
      })();
      expect(error).toMatchObject({ code: "directory_error", detail: expect.stringMatching(/verrouillage/) });
    }
  });
});
