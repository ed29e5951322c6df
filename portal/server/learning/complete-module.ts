import "server-only";
import type { Db } from "@tremplin/db/client";
import { lockProgress, touchEnrolment, updateProgress } from "@tremplin/db/queries/learning-progress";
import { AppError } from "@tremplin/domain/errors";
import { mergeStatus } from "@tremplin/domain/progress";
import { getModuleAccess } from "./module-access";

/**
 * The learner says they finished a content page, a file or an external link. Quizzes and SCORM
 * packages finish through their own results, never through this.
 */
export async function completeModule(db: Db, input: { learnerId: string; moduleId: unknown; now: Date }) {
  const { module, enrolment } = await getModuleAccess(db, { ...input });
  if (module.kind === "quiz" || module.kind === "scorm") {
    throw new AppError("conflict", "Ce module se termine par son évaluation, pas par ce bouton.");
  }
  await db.transaction(async (tx) => {
    const row = await lockProgress(tx, {
      learnerId: input.learnerId,
      moduleId: module.id,
      enrolmentId: enrolment.id,
      now: input.now,
    });
    await updateProgress(tx, {
      id: row.id,
      enrolmentId: enrolment.id,
      now: input.now,
      patch: { status: mergeStatus(row.status, "completed") },
    });
    await touchEnrolment(tx, { enrolmentId: enrolment.id, moduleId: module.id, now: input.now });
  });
  return { trainingId: module.trainingId };
}
