import type { RuleApplied } from "../assessment/decide-attempt";
import type { TrainingRules } from "../assessment/rules";
import { isAssessedModule, type ProgressStatus } from "../progress/completion";
import { type CompletionStatus, evaluateCompletion } from "./completion-rules";

/** One module as the gradebook reads it for one learner: progress and attempts so far. */
export type GradebookModuleFacts = {
  id: string;
  title: string;
  position: number;
  kind: string;
  isRequired: boolean;
  status: ProgressStatus | undefined;
  scoreRaw: number | null;
  /** A quiz's own pass mark, when its content sets one (it wins over the training's). */
  quizPassingScorePercent: number | null;
  attempts: {
    total: number;
    /** Attempts that counted: what the maximum number of attempts is compared with. */
    retained: number;
    bestRetainedPercent: number | null;
    /** The latest submission, retained or not, with the sentence that explained its decision. */
    last: { isRetained: boolean; explanation: string; rule: RuleApplied; submittedAt: Date } | null;
  };
};

export type GradebookResult = {
  moduleId: string;
  title: string;
  position: number;
  isRequired: boolean;
  status: ProgressStatus | undefined;
  isPassed: boolean;
  bestScorePercent: number | null;
  passingScorePercent: number;
  attemptsUsed: number;
  attemptsTotal: number;
  /** Null: unlimited. */
  maxAttempts: number | null;
  last: GradebookModuleFacts["attempts"]["last"];
};

export type GradebookLine = {
  /** The completion rules as certificates apply them: which are met, and by how much not. */
  completion: CompletionStatus;
  modulesDone: number;
  modulesRequired: number;
  attendance: { attendedMs: number; requiredMs: number; plannedMs: number } | null;
  /** Assessed modules (a quiz, or a package that reported a score), in course order. */
  results: GradebookResult[];
};

/**
 * One learner's line of a session's gradebook: the training's completion rules evaluated by
 * `evaluateCompletion` (the same call that decides certificates, on the same attendance figures
 * as the *feuille d'émargement*), and for each assessed module the best retained score, the
 * attempts counted against the maximum, and the latest decision with its stored explanation.
 */
export function buildGradebookLine(input: {
  rules: TrainingRules;
  modules: GradebookModuleFacts[];
  attendance: { attendedMs: number; plannedMs: number; sessionEndsAt: Date } | null;
  now: Date;
}): GradebookLine {
  const ordered = [...input.modules].sort((a, b) => a.position - b.position);
  const completion = evaluateCompletion({
    rules: input.rules,
    attendance: input.attendance,
    modules: ordered.map((m) => ({
      id: m.id,
      title: m.title,
      isRequired: m.isRequired,
      isAssessed: isAssessedModule(m),
      status: m.status,
      bestScorePercent: m.attempts.bestRetainedPercent,
    })),
    now: input.now,
  });
  const modules = completion.outcomes.find((o) => o.rule === "modules");
  const attendance = completion.outcomes.find((o) => o.rule === "attendance");
  return {
    completion,
    modulesDone: modules?.rule === "modules" ? modules.doneCount : 0,
    modulesRequired: modules?.rule === "modules" ? modules.requiredCount : 0,
    attendance:
      attendance?.rule === "attendance"
        ? {
            attendedMs: attendance.attendedMs,
            requiredMs: attendance.requiredMs,
            plannedMs: attendance.plannedMs,
          }
        : null,
    results: ordered.filter(isAssessedModule).map((m) => ({
      moduleId: m.id,
      title: m.title,
      position: m.position,
      isRequired: m.isRequired,
      status: m.status,
      isPassed: m.status === "passed",
      bestScorePercent: m.attempts.bestRetainedPercent,
      passingScorePercent: m.quizPassingScorePercent ?? input.rules.passingScorePercent,
      attemptsUsed: m.attempts.retained,
      attemptsTotal: m.attempts.total,
      maxAttempts: input.rules.maxAttempts,
      last: m.attempts.last,
    })),
  };
}
