import "server-only";
import type { Db } from "@tremplin/db/client";
import { lockProgress, touchEnrolment } from "@tremplin/db/queries/learning-progress";
import {
  assertQuizAnswered,
  parseQuizAnswers,
  quizContentSchema,
  scoreQuiz,
} from "@tremplin/domain/assessment";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import { getModuleAccess } from "./module-access";
import { recordAttempt, type StoredAttempt } from "./record-attempt";

/**
 * A learner submits a quiz: scored here from the stored answers (the browser never has them),
 * then decided by the training's rules. `clientKey` is the form's id: submitting the same form
 * twice returns the first decision and uses no second attempt. A form sent blank, or sent once
 * every attempt is used, is refused and stores nothing.
 */
export async function submitQuiz(
  db: Db,
  input: { learnerId: string; moduleId: unknown; answers: unknown; clientKey: unknown; now: Date },
): Promise<StoredAttempt & { correct: number; total: number; moduleId: string }> {
  const { module, enrolment } = await getModuleAccess(db, input);
  if (module.kind !== "quiz") throw new AppError("not_found", "Module introuvable.");
  const content = quizContentSchema.safeParse(module.content);
  if (!content.success)
    throw new AppError("unavailable", "Ce questionnaire est en cours de correction : réessayez plus tard.");
  const clientKey = z.uuid().safeParse(input.clientKey);
  if (!clientKey.success)
    throw new AppError("invalid_input", "Formulaire périmé : rechargez la page et recommencez.");
  const answers = parseQuizAnswers(content.data, input.answers);
  assertQuizAnswered(answers);
  const score = scoreQuiz(content.data, answers);
  const stored = await db.transaction(async (tx) => {
    const progress = await lockProgress(tx, {
      learnerId: input.learnerId,
      moduleId: module.id,
      enrolmentId: enrolment.id,
      now: input.now,
    });
    await touchEnrolment(tx, { enrolmentId: enrolment.id, moduleId: module.id, now: input.now });
    return recordAttempt(tx, {
      learnerId: input.learnerId,
      module,
      enrolment,
      progress,
      source: "quiz",
      clientKey: clientKey.data,
      scorePercent: score.scorePercent,
      submission: { answers, correct: score.correct, total: score.total },
      passingScorePercent: content.data.passingScorePercent,
      requiredPositions: content.data.requiredModulePositions,
      now: input.now,
    });
  });
  return { ...stored, correct: score.correct, total: score.total, moduleId: module.id };
}
