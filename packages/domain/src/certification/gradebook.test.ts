import { describe, expect, it } from "vitest";
import { parseTrainingRules } from "../assessment/rules";
import { evaluateCompletion } from "./completion-rules";
import { buildGradebookLine, type GradebookModuleFacts } from "./gradebook";

const now = new Date("2026-11-27T17:00:00Z");
const noAttempts = { total: 0, retained: 0, bestRetainedPercent: null, last: null };
const module = (m: Partial<GradebookModuleFacts> & Pick<GradebookModuleFacts, "id" | "position">) => ({
  title: `Module ${m.position}`,
  kind: "page",
  isRequired: true,
  status: undefined,
  scoreRaw: null,
  quizPassingScorePercent: null,
  attempts: noAttempts,
  ...m,
});
const rules = parseTrainingRules({ passingScorePercent: 70, maxAttempts: 3, minAttendancePercent: 80 });
const attendance = {
  attendedMs: 6 * 3600_000,
  plannedMs: 7 * 3600_000,
  sessionEndsAt: new Date("2026-11-27T16:00:00Z"),
};

describe("a learner's gradebook line", () => {
  const modules = [
    module({
      id: "quiz",
      position: 3,
      kind: "quiz",
      status: "failed",
      quizPassingScorePercent: 80,
      attempts: {
        total: 4,
        retained: 3,
        bestRetainedPercent: 75,
        last: {
          isRetained: false,
          explanation: "Nombre maximal de tentatives atteint",
          rule: { rule: "max_attempts", maxAttempts: 3, retainedBefore: 3 },
          submittedAt: now,
        },
      },
    }),
    module({ id: "intro", position: 1, status: "completed" }),
    module({
      id: "scorm",
      position: 2,
      kind: "scorm",
      status: "passed",
      scoreRaw: 90,
      attempts: { ...noAttempts, total: 1, retained: 1, bestRetainedPercent: 90 },
    }),
    module({ id: "extra", position: 4, isRequired: false }),
  ];

  it("says what is done, what is retained and why, with attempts counted against the maximum", () => {
    const line = buildGradebookLine({ rules, modules, attendance, now });
    expect(line).toMatchObject({ modulesDone: 2, modulesRequired: 3 });
    expect(line.attendance).toEqual({
      attendedMs: 6 * 3600_000,
      requiredMs: 5.6 * 3600_000,
      plannedMs: 7 * 3600_000,
    });
    expect(line.results.map((r) => r.moduleId)).toEqual(["scorm", "quiz"]);
    expect(line.results[1]).toMatchObject({
      isPassed: false,
      bestScorePercent: 75,
      passingScorePercent: 80,
      attemptsUsed: 3,
      attemptsTotal: 4,
      maxAttempts: 3,
      last: { isRetained: false, explanation: "Nombre maximal de tentatives atteint" },
    });
    expect(line.results[0]).toMatchObject({ isPassed: true, passingScorePercent: 70, attemptsUsed: 1 });
  });

  it("decides completion exactly as certificates do", () => {
    const line = buildGradebookLine({ rules, modules, attendance, now });
    expect(line.completion.isComplete).toBe(false);
    expect(line.completion).toEqual(
      evaluateCompletion({
        rules,
        attendance,
        now,
        modules: [...modules]
          .sort((a, b) => a.position - b.position)
          .map((m) => ({
            id: m.id,
            title: m.title,
            isRequired: m.isRequired,
            isAssessed: m.kind === "quiz" || m.scoreRaw !== null,
            status: m.status,
            bestScorePercent: m.attempts.bestRetainedPercent,
          })),
      }),
    );
    const unmet = line.completion.outcomes.filter((o) => !o.isMet).map((o) => o.rule);
    expect(unmet).toEqual(["modules", "passing_score"]);
  });

  it("has no attendance figures for a self-paced enrolment", () => {
    expect(buildGradebookLine({ rules, modules: [], attendance: null, now })).toMatchObject({
      attendance: null,
      results: [],
      modulesRequired: 0,
    });
  });
});
