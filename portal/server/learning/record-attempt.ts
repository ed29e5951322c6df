import "server-only";
import type { Db } from "@tremplin/db/client";
import {
  countAttempts,
  findAttemptByKey,
  insertAttempt,
  updateAttempt,
} from "@tremplin/db/queries/assessments";
import type { ModuleAccess } from "@tremplin/db/queries/learning-progress";
import { listModuleProgress, type ProgressRow, updateProgress } from "@tremplin/db/queries/learning-progress";
import {
  type AttemptDecision,
  assessmentDeadline,
  decideAttempt,
  missingModules,
  parseTrainingRules,
} from "@tremplin/domain/assessment";
import { defaultTimeZone } from "@tremplin/domain/calendar";
import { AppError } from "@tremplin/domain/errors";
import { isAssessedModule, isModuleDone } from "@tremplin/domain/progress";
import type { AccessEnrolment } from "./module-access";

export type StoredAttempt = AttemptDecision & {
  attemptId: string;
  attemptNo: number;
  scorePercent: number;
  isReplay: boolean;
};

/**
 * Decides an attempt with the training's rules and stores it, in the caller's transaction with
 * the learner's progress row for the module locked (`lockProgress`), so attempts are numbered
 * and counted one at a time. A quiz form submitted twice (same `clientKey`) gets the first
 * decision back; a SCORM launch's later scores update its one attempt.
 */
export async function recordAttempt(
  tx: Db,
  input: {
    learnerId: string;
    module: ModuleAccess;
    enrolment: AccessEnrolment;
    progress: ProgressRow;
    source: "quiz" | "scorm";
    clientKey: string;
    scorePercent: number;
    submission: unknown;
    passingScorePercent?: number | undefined;
    requiredPositions?: number[] | undefined;
    now: Date;
  },
): Promise<StoredAttempt> {
  const { module } = input;
  const key = { learnerId: input.learnerId, moduleId: module.id, clientKey: input.clientKey };
  const existing = await findAttemptByKey(tx, key);
  if (existing && input.source === "quiz") {
    const rule = existing.ruleApplied as AttemptDecision["rule"];
    return {
      attemptId: existing.id,
      attemptNo: existing.attemptNo,
      scorePercent: existing.scorePercent,
      isRetained: existing.isRetained,
      isPassed: rule.rule === "passing_score" && rule.isPassed,
      rule,
      explanation: existing.explanation,
      isReplay: true,
    };
  }
  const counts = await countAttempts(tx, {
    learnerId: input.learnerId,
    moduleId: module.id,
    excludeId: existing?.id,
  });
  const rules = parseTrainingRules(module.rules);
  // A quiz is a form the portal serves: once the attempts are used it is closed, and a late
  // submit (an old tab, a replayed request) is refused rather than stored as "non retenue".
  // A SCORM package runs on its own and may still report: its attempt is kept, not retained.
  if (input.source === "quiz" && rules.maxAttempts !== null && counts.retained >= rules.maxAttempts) {
    throw new AppError(
      "conflict",
      `Nombre maximal de tentatives atteint (${rules.maxAttempts} sur ${rules.maxAttempts}) : ce questionnaire est fermé.`,
    );
  }
  const siblings = await listModuleProgress(tx, {
    learnerId: input.learnerId,
    trainingIds: [module.trainingId],
  });
  const decision = decideAttempt({
    scorePercent: input.scorePercent,
    submittedAt: input.now,
    retainedBefore: counts.retained,
    maxAttempts: rules.maxAttempts,
    passingScorePercent: input.passingScorePercent ?? rules.passingScorePercent,
    deadline: assessmentDeadline(rules, input.enrolment.endsAt),
    missingModules: missingModules({
      assessedPosition: module.position,
      requiredPositions: input.requiredPositions,
      modules: siblings.map((m) => ({
        position: m.position,
        title: m.title,
        isRequired: m.isRequired,
        isDone: isModuleDone(m.status ?? undefined, isAssessedModule(m)),
      })),
    }),
    timeZone: defaultTimeZone,
  });
  const values = {
    submission: input.submission,
    scorePercent: input.scorePercent,
    submittedAt: input.now,
    isRetained: decision.isRetained,
    ruleApplied: decision.rule,
    explanation: decision.explanation,
  };
  let attemptId = existing?.id;
  const attemptNo = existing?.attemptNo ?? counts.lastNo + 1;
  if (existing) await updateAttempt(tx, existing.id, values);
  else
    attemptId = await insertAttempt(tx, {
      ...key,
      ...values,
      enrolmentId: input.enrolment.id,
      attemptNo,
      source: input.source,
      contentVersion: module.contentVersion,
    });
  if (decision.isRetained) {
    const wasPassed = input.progress.status === "passed";
    await updateProgress(tx, {
      id: input.progress.id,
      enrolmentId: input.enrolment.id,
      now: input.now,
      patch: {
        status: decision.isPassed || wasPassed ? "passed" : "failed",
        scoreRaw: Math.max(input.progress.scoreRaw ?? 0, input.scorePercent),
      },
    });
  }
  return { ...decision, attemptId: attemptId!, attemptNo, scorePercent: input.scorePercent, isReplay: false };
}
