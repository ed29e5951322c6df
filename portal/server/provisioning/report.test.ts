import type { ProvisionReport } from "@tremplin/directory/provision";
import { describe, expect, it } from "vitest";
import { redactOutcomes, runStatus, type SessionOutcome, totalsOf, withoutPasswords } from "./report";

const report = (over: Partial<ProvisionReport> = {}): ProvisionReport => ({
  created: [],
  updated: [],
  disabled: [],
  unchanged: [],
  failed: [],
  ...over,
});
const outcome = (over: Partial<SessionOutcome> = {}): SessionOutcome => ({
  sessionId: "s1",
  code: "abc",
  label: "Word",
  startsAt: "2026-11-24T08:00:00.000Z",
  endsAt: "2026-11-25T17:00:00.000Z",
  report: report(),
  skipped: [],
  displayNames: {},
  ...over,
});

describe("run status", () => {
  it("is succeeded when all went through, partial on any refusal or stopped part, failed when nothing could run", () => {
    expect(runStatus([outcome()], null)).toBe("succeeded");
    expect(runStatus([], null)).toBe("succeeded");
    expect(runStatus([outcome({ report: report({ failed: [{ username: "a", reason: "r" }] }) })], null)).toBe(
      "partial",
    );
    expect(runStatus([outcome({ error: "DC injoignable" }), outcome()], null)).toBe("partial");
    expect(runStatus([outcome()], { disabled: [], error: "DC injoignable" })).toBe("partial");
    expect(runStatus([outcome({ error: "x" })], { disabled: [], error: "y" })).toBe("failed");
    expect(runStatus([], { disabled: [], error: "y" })).toBe("failed");
  });

  it("is not a success when a session's trainees were all skipped: no account came out of it", () => {
    const skipped = [{ username: "a", displayName: "A", reason: "apprenant externe" }];
    expect(runStatus([outcome({ skipped })], null)).toBe("partial");
    expect(runStatus([outcome({ skipped, report: report({ unchanged: ["b"] }) })], null)).toBe("succeeded");
  });

  it("counts every kind, the sweep's disabled accounts included", () => {
    const sessions = [
      outcome({
        report: report({
          created: [{ username: "a", dn: "CN=a", initialPassword: "Pw-1" }],
          unchanged: ["b", "c"],
        }),
        skipped: [{ username: "d", displayName: "D", reason: "externe" }],
      }),
    ];
    expect(totalsOf(sessions, { disabled: [{ username: "e", dn: "CN=e", expiredAt: null }] })).toEqual({
      created: 1,
      updated: 0,
      disabled: 1,
      unchanged: 2,
      failed: 0,
      skipped: 1,
    });
  });
});

describe("redaction", () => {
  it("keeps no initial password, but says one was handed out", () => {
    const sessions = [
      outcome({
        report: report({
          created: [{ username: "a", dn: "CN=a", initialPassword: "Kp7x-Rm4t-Wz9q" }],
          updated: [
            { username: "b", dn: "CN=b", changes: ["réactivé"], initialPassword: "Ab3d-Ef4g-Hj5k" },
            { username: "c", dn: "CN=c", changes: ["mail"] },
          ],
        }),
      }),
    ];
    const redacted = redactOutcomes(sessions);
    const text = JSON.stringify(redacted);
    expect(text).not.toContain("Kp7x-Rm4t-Wz9q");
    expect(text).not.toContain("Ab3d-Ef4g-Hj5k");
    expect(text).not.toContain('initialPassword"');
    expect(redacted[0]!.report.created).toEqual([{ username: "a", dn: "CN=a", initialPasswordIssued: true }]);
    expect(redacted[0]!.report.updated.map((u) => u.initialPasswordIssued)).toEqual([true, undefined]);
    // The caller's copy still has them: it is shown once.
    expect(sessions[0]!.report.created[0]!.initialPassword).toBe("Kp7x-Rm4t-Wz9q");
    expect(JSON.stringify(withoutPasswords({ sessions } as never))).not.toContain("Kp7x");
  });
});
