import { describe, expect, it } from "vitest";
import { isAppError } from "../errors";
import { type AttemptFacts, decideAttempt, missingModules } from "./decide-attempt";
import {
  assertQuizAnswered,
  frenchList,
  parseQuizAnswers,
  publicQuiz,
  quizContentSchema,
  scoreQuiz,
  unansweredQuestions,
} from "./quiz";
import { assessmentDeadline, parseTrainingRules } from "./rules";

const facts = (over: Partial<AttemptFacts> = {}): AttemptFacts => ({
  scorePercent: 78,
  submittedAt: new Date("2026-12-01T10:00:00Z"),
  retainedBefore: 0,
  maxAttempts: 3,
  passingScorePercent: 80,
  deadline: null,
  missingModules: [],
  timeZone: "Europe/Paris",
  ...over,
});

describe("decideAttempt", () => {
  it("compares the score with the passing score and says how many attempts are left", () => {
    expect(decideAttempt(facts())).toEqual({
      isRetained: true,
      isPassed: false,
      rule: { rule: "passing_score", scorePercent: 78, passingScorePercent: 80, isPassed: false },
      explanation: "78 % obtenu, 80 % requis : non réussi. Il vous reste 2 tentatives.",
    });
    expect(decideAttempt(facts({ scorePercent: 80 })).explanation).toBe("80 % obtenu, 80 % requis : réussi.");
    expect(decideAttempt(facts({ retainedBefore: 1 })).explanation).toMatch(/Il vous reste 1 tentative\.$/);
    expect(decideAttempt(facts({ retainedBefore: 2 })).explanation).toMatch(
      /Plus aucune tentative possible\.$/,
    );
    expect(decideAttempt(facts({ maxAttempts: null })).explanation).toMatch(/Vous pouvez recommencer\.$/);
  });

  it("refuses an attempt past the maximum, before any other rule", () => {
    const decision = decideAttempt(
      facts({ scorePercent: 100, retainedBefore: 3, deadline: new Date("2026-01-01T00:00:00Z") }),
    );
    expect(decision).toMatchObject({ isRetained: false, isPassed: false, rule: { rule: "max_attempts" } });
    expect(decision.explanation).toBe(
      "Nombre maximal de tentatives atteint (3 sur 3) : tentative non retenue.",
    );
  });

  it("refuses a late submission, naming the deadline in the learner's time zone", () => {
    const decision = decideAttempt(
      facts({
        scorePercent: 95,
        deadline: new Date("2026-11-30T22:59:00Z"),
        missingModules: [{ position: 2, title: "x" }],
      }),
    );
    expect(decision.rule).toEqual({
      rule: "deadline",
      deadline: "2026-11-30T22:59:00.000Z",
      submittedAt: "2026-12-01T10:00:00.000Z",
    });
    expect(decision.explanation).toBe(
      "Remis après la date limite (30 novembre 2026 à 23:59) : tentative non retenue.",
    );
    // Exactly at the deadline is on time.
    expect(decideAttempt(facts({ deadline: new Date("2026-12-01T10:00:00Z") })).rule.rule).toBe(
      "passing_score",
    );
  });

  it("refuses an attempt while a required module is not finished", () => {
    const one = decideAttempt(facts({ missingModules: [{ position: 3, title: "Les journaux" }] }));
    expect(one).toMatchObject({ isRetained: false, rule: { rule: "modules_required" } });
    expect(one.explanation).toBe("Module 3 non terminé : tentative non retenue.");
    const three = decideAttempt(
      facts({
        missingModules: [
          { position: 1, title: "a" },
          { position: 2, title: "b" },
          { position: 4, title: "c" },
        ],
      }),
    );
    expect(three.explanation).toBe("Modules 1, 2 et 4 non terminés : tentative non retenue.");
  });
});

describe("missingModules", () => {
  const modules = [
    { position: 1, title: "Intro", isRequired: true, isDone: true },
    { position: 2, title: "Optionnel", isRequired: false, isDone: false },
    { position: 3, title: "Journaux", isRequired: true, isDone: false },
    { position: 4, title: "Quiz", isRequired: true, isDone: false },
    { position: 5, title: "Après", isRequired: true, isDone: false },
  ];
  it("defaults to the required modules placed before the assessment", () => {
    expect(missingModules({ assessedPosition: 4, requiredPositions: undefined, modules })).toEqual([
      { position: 3, title: "Journaux" },
    ]);
  });
  it("follows the positions the quiz names, never itself", () => {
    expect(missingModules({ assessedPosition: 4, requiredPositions: [2, 4, 5], modules })).toEqual([
      { position: 2, title: "Optionnel" },
      { position: 5, title: "Après" },
    ]);
  });
});

describe("quiz scoring", () => {
  const content = quizContentSchema.parse({
    questions: [
      { prompt: "a", choices: ["x", "y"], answer: 1 },
      { prompt: "b", choices: ["x", "y", "z"], answer: 2 },
      { prompt: "c", choices: ["x", "y"], answer: 0 },
    ],
  });
  it("scores on the server and rounds down", () => {
    expect(scoreQuiz(content, [1, 2, 1])).toEqual({ correct: 2, total: 3, scorePercent: 66 });
    expect(scoreQuiz(content, [1, 2, 0])).toEqual({ correct: 3, total: 3, scorePercent: 100 });
    expect(scoreQuiz(content, [null, null, null]).scorePercent).toBe(0);
  });
  it("never sends the answers to the browser", () => {
    expect(JSON.stringify(publicQuiz(content))).not.toContain("answer");
  });
  it("refuses answers of the wrong shape or out of range, naming the question", () => {
    const fail = (raw: unknown) => {
      try {
        parseQuizAnswers(content, raw);
      } catch (error) {
        return isAppError(error) ? error.issues[0]?.path : "other";
      }
      return "accepted";
    };
    expect(fail([1, 2])).toBe("answers");
    expect(fail("1,2,3")).toBe("answers");
    expect(fail([1, 5, 0])).toBe("answers.1");
    expect(fail([1, null, 0])).toBe("accepted");
  });
  it("refuses a quiz sent blank, naming the questions, and lets a partly answered one through", () => {
    expect(unansweredQuestions([null, 2, null])).toEqual([1, 3]);
    expect(() => assertQuizAnswered([null, null, null])).toThrow(
      "Aucune réponse envoyée : les questions 1, 2 et 3 sont sans réponse. Cet envoi ne compte pas comme une tentative.",
    );
    expect(() => assertQuizAnswered([null])).toThrow("la question 1 est sans réponse");
    expect(() => assertQuizAnswered([null, 2, null])).not.toThrow();
    expect(frenchList([1])).toBe("1");
    expect(frenchList([1, 2, 4])).toBe("1, 2 et 4");
  });
  it("refuses a quiz whose answer points nowhere", () => {
    expect(
      quizContentSchema.safeParse({ questions: [{ prompt: "a", choices: ["x", "y"], answer: 2 }] }).success,
    ).toBe(false);
  });
});

describe("training rules", () => {
  it("fills defaults and keeps the valid fields of a damaged rules object", () => {
    expect(parseTrainingRules({})).toMatchObject({ passingScorePercent: 70, maxAttempts: 3 });
    expect(parseTrainingRules({ passingScorePercent: 80, maxAttempts: "many" })).toMatchObject({
      passingScorePercent: 80,
      maxAttempts: 3,
    });
    expect(parseTrainingRules(null).maxAttempts).toBe(3);
  });
  it("takes the earlier of the absolute and relative deadlines", () => {
    const end = new Date("2026-12-01T17:00:00Z");
    const rules = parseTrainingRules({
      assessmentDeadlineDays: 7,
      assessmentDeadline: "2026-12-05T23:00:00Z",
    });
    expect(assessmentDeadline(rules, end)?.toISOString()).toBe("2026-12-05T23:00:00.000Z");
    expect(assessmentDeadline(parseTrainingRules({ assessmentDeadlineDays: 2 }), end)?.toISOString()).toBe(
      "2026-12-03T17:00:00.000Z",
    );
    expect(assessmentDeadline(parseTrainingRules({ assessmentDeadlineDays: 2 }), null)).toBeNull();
    expect(assessmentDeadline(parseTrainingRules({}), end)).toBeNull();
  });
});
