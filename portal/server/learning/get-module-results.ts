import "server-only";
import type { Db } from "@tremplin/db/client";
import { listModuleAttempts } from "@tremplin/db/queries/assessments";
import { findProgress } from "@tremplin/db/queries/learning-progress";
import {
  assessmentDeadline,
  parseTrainingRules,
  quizContentSchema,
  type RuleApplied,
} from "@tremplin/domain/assessment";
import { getModuleAccess } from "./module-access";

/**
 * The result page of an assessed module: every attempt with the rule that decided it and why,
 * and the rules in force (passing score, attempts, deadline), so the decision explains itself.
 */
export async function getModuleResults(db: Db, input: { learnerId: string; moduleId: unknown; now: Date }) {
  const { module, enrolment } = await getModuleAccess(db, input);
  const [attempts, progress] = await Promise.all([
    listModuleAttempts(db, { learnerId: input.learnerId, moduleId: module.id }),
    findProgress(db, { learnerId: input.learnerId, moduleId: module.id }),
  ]);
  const rules = parseTrainingRules(module.rules);
  const quiz = module.kind === "quiz" ? quizContentSchema.safeParse(module.content) : undefined;
  const retained = attempts.filter((a) => a.isRetained);
  const best = retained.reduce<number | null>(
    (m, a) => (m === null || a.scorePercent > m ? a.scorePercent : m),
    null,
  );
  return {
    module: {
      id: module.id,
      title: module.title,
      kind: module.kind,
      position: module.position,
      trainingId: module.trainingId,
      trainingTitle: module.trainingTitle,
    },
    rules: {
      passingScorePercent:
        (quiz?.success ? quiz.data.passingScorePercent : undefined) ?? rules.passingScorePercent,
      maxAttempts: rules.maxAttempts,
      deadline: assessmentDeadline(rules, enrolment.endsAt),
    },
    status: progress?.status ?? "not_started",
    bestScore: best,
    attemptsLeft: rules.maxAttempts === null ? null : Math.max(0, rules.maxAttempts - retained.length),
    attempts: attempts.map((a) => ({ ...a, rule: a.ruleApplied as RuleApplied })).reverse(),
  };
}
export type ModuleResults = Awaited<ReturnType<typeof getModuleResults>>;
