import "server-only";
import type { Db } from "@tremplin/db/client";
import { lockProgress, touchEnrolment, updateProgress } from "@tremplin/db/queries/learning-progress";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { mergeStatus, readRuntimeCommit, scormContentSchema } from "@tremplin/domain/progress";
import { z } from "zod";
import { getModuleAccess } from "@/server/learning/module-access";
import { recordAttempt } from "@/server/learning/record-attempt";

/**
 * Stores a SCORM runtime commit: bookmark, suspend data and status on the learner's progress;
 * a final status with a score becomes (or updates) the attempt of this launch, decided by the
 * training's rules. Resolves only once the transaction has committed: the route answers the
 * runtime's Commit with success only then.
 */
export async function recordRuntimeCommit(
  db: Db,
  input: { learnerId: string; moduleId: unknown; launchId: unknown; body: unknown; now: Date },
) {
  const { module, enrolment } = await getModuleAccess(db, input);
  const content = scormContentSchema.safeParse(module.content);
  if (module.kind !== "scorm" || !content.success) throw new AppError("not_found", "Module introuvable.");
  const launchId = parseOrThrow(
    z.uuid({ message: "identifiant de lancement attendu" }),
    input.launchId,
    "Lancement",
  );
  const state = readRuntimeCommit(content.data.scormVersion, input.body);
  const isScoredFinal =
    state.scorePercent !== null && ["passed", "failed", "completed"].includes(state.status);
  return db.transaction(async (tx) => {
    const progress = await lockProgress(tx, {
      learnerId: input.learnerId,
      moduleId: module.id,
      enrolmentId: enrolment.id,
      now: input.now,
    });
    const reported = isScoredFinal
      ? "incomplete"
      : state.status === "passed" || state.status === "failed"
        ? "completed"
        : state.status;
    await updateProgress(tx, {
      id: progress.id,
      enrolmentId: enrolment.id,
      now: input.now,
      patch: {
        location: state.location,
        suspendData: state.suspendData,
        status: mergeStatus(progress.status, reported),
      },
    });
    await touchEnrolment(tx, { enrolmentId: enrolment.id, moduleId: module.id, now: input.now });
    if (!isScoredFinal) return { stored: true as const, attempt: null };
    const attempt = await recordAttempt(tx, {
      learnerId: input.learnerId,
      module,
      enrolment,
      progress: { ...progress, status: mergeStatus(progress.status, reported) },
      source: "scorm",
      clientKey: launchId,
      scorePercent: state.scorePercent!,
      submission: {
        status: state.status,
        scorePercent: state.scorePercent,
        sessionSeconds: state.sessionSeconds,
        location: state.location,
      },
      now: input.now,
    });
    return {
      stored: true as const,
      attempt: {
        attemptNo: attempt.attemptNo,
        isRetained: attempt.isRetained,
        explanation: attempt.explanation,
      },
    };
  });
}
