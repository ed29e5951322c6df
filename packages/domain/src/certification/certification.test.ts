import { describe, expect, it } from "vitest";
import { parseTrainingRules } from "../assessment/rules";
import { certificateCodeSchema, formatCertificateCode, retentionEndDate } from "./certificate-code";
import { type CompletionFacts, evaluateCompletion } from "./completion-rules";

const hour = 3_600_000;
const now = new Date("2026-03-20T12:00:00Z");
const facts = (over: Partial<CompletionFacts> = {}): CompletionFacts => ({
  rules: parseTrainingRules({ passingScorePercent: 70, minAttendancePercent: 80 }),
  attendance: {
    attendedMs: 14 * hour,
    plannedMs: 14 * hour,
    sessionEndsAt: new Date("2026-03-19T17:00:00Z"),
  },
  modules: [
    {
      id: "a",
      title: "Accueil",
      isRequired: true,
      isAssessed: false,
      status: "completed",
      bestScorePercent: null,
    },
    {
      id: "q",
      title: "Quiz final",
      isRequired: true,
      isAssessed: true,
      status: "passed",
      bestScorePercent: 85,
    },
    {
      id: "x",
      title: "Pour aller plus loin",
      isRequired: false,
      isAssessed: false,
      status: undefined,
      bestScorePercent: null,
    },
  ],
  now,
  ...over,
});

describe("evaluateCompletion", () => {
  it("is complete when every rule is met, and the attendance certificate is due", () => {
    const status = evaluateCompletion(facts());
    expect(status.isComplete).toBe(true);
    expect(status.isAttendanceCertificateDue).toBe(true);
    expect(status.outcomes.map((o) => o.rule)).toEqual([
      "modules",
      "passing_score",
      "attendance",
      "session_ended",
    ]);
  });

  it("says by how much attendance is missing, against the percent of the plan", () => {
    const status = evaluateCompletion(
      facts({
        attendance: {
          attendedMs: 7.5 * hour,
          plannedMs: 14 * hour,
          sessionEndsAt: new Date("2026-03-19T17:00:00Z"),
        },
      }),
    );
    expect(status.isComplete).toBe(false);
    expect(status.isAttendanceCertificateDue).toBe(true);
    expect(status.outcomes.find((o) => o.rule === "attendance")).toMatchObject({
      isMet: false,
      attendedMs: 7.5 * hour,
      requiredMs: 11.2 * hour,
    });
  });

  it("takes the training's minutes over the percent when set, capped at the plan", () => {
    const rules = parseTrainingRules({ minAttendancePercent: 100, minAttendedMinutes: 420 });
    const attendance = {
      attendedMs: 7 * hour,
      plannedMs: 14 * hour,
      sessionEndsAt: new Date("2026-03-19T17:00:00Z"),
    };
    expect(evaluateCompletion(facts({ rules, attendance })).isComplete).toBe(true);
    const long = parseTrainingRules({ minAttendedMinutes: 100_000 });
    const met = evaluateCompletion(
      facts({ rules: long, attendance: { ...attendance, attendedMs: 14 * hour } }),
    );
    expect(met.isComplete).toBe(true);
  });

  it("names the required modules not done and the assessment not passed", () => {
    const status = evaluateCompletion(
      facts({
        modules: [
          {
            id: "a",
            title: "Accueil",
            isRequired: true,
            isAssessed: false,
            status: "incomplete",
            bestScorePercent: null,
          },
          {
            id: "q",
            title: "Quiz final",
            isRequired: true,
            isAssessed: true,
            status: "failed",
            bestScorePercent: 55,
          },
        ],
      }),
    );
    expect(status.isComplete).toBe(false);
    expect(status.outcomes[0]).toMatchObject({
      rule: "modules",
      doneCount: 0,
      requiredCount: 2,
      missing: ["Accueil", "Quiz final"],
    });
    expect(status.outcomes[1]).toMatchObject({
      rule: "passing_score",
      isMet: false,
      bestScorePercent: 55,
      passingScorePercent: 70,
    });
  });

  it("waits for the session's end, and owes no attendance certificate to someone who never came", () => {
    const running = {
      attendedMs: 14 * hour,
      plannedMs: 14 * hour,
      sessionEndsAt: new Date("2026-03-21T17:00:00Z"),
    };
    const status = evaluateCompletion(facts({ attendance: running }));
    expect(status.isComplete).toBe(false);
    expect(status.outcomes.at(-1)).toMatchObject({ rule: "session_ended", isMet: false });
    expect(status.isAttendanceCertificateDue).toBe(false);
    const absent = { attendedMs: 0, plannedMs: 14 * hour, sessionEndsAt: new Date("2026-03-19T17:00:00Z") };
    expect(evaluateCompletion(facts({ attendance: absent })).isAttendanceCertificateDue).toBe(false);
  });

  it("has no attendance rule for a self-paced enrolment", () => {
    const status = evaluateCompletion(facts({ attendance: null }));
    expect(status.isComplete).toBe(true);
    expect(status.isAttendanceCertificateDue).toBe(false);
    expect(status.outcomes.some((o) => o.rule === "attendance")).toBe(false);
  });
});

describe("certificate codes and retention", () => {
  it("formats 7 random bytes as a code its schema accepts, typed in lower case too", () => {
    const code = formatCertificateCode(new Uint8Array([1, 2, 3, 4, 5, 6, 7]));
    expect(code).toMatch(/^TRM-.{4}-.{4}-.{2}$/);
    expect(certificateCodeSchema.parse(` ${code.toLowerCase()} `)).toBe(code);
    expect(formatCertificateCode(new Uint8Array(7).fill(255))).not.toBe(code);
    expect(certificateCodeSchema.safeParse("TRM-IIII-OOOO-LL").success).toBe(false);
  });

  it("ends the legal clock years after the action's last day, 29 February on the 28th", () => {
    expect(retentionEndDate("2026-03-19", 3)).toBe("2029-03-19");
    expect(retentionEndDate("2028-02-29", 10)).toBe("2038-02-28");
  });
});
