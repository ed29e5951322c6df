import "server-only";
import type { Db } from "@tremplin/db/client";
import { deleteValidation, findLatestCorrection, listSheetLearners } from "@tremplin/db/queries/attendance";
import { lockPlanningKeys } from "@tremplin/db/queries/planning";
import { correctionInputSchema, halfDaysOf } from "@tremplin/domain/attendance";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import type { Actor } from "@/server/audit/actor";
import { recordCorrection } from "./record-correction";
import { getEditableSession } from "./session-access";

/** A second identical correction this soon after the first is the same click sent twice. */
const doubleSubmitMs = 2 * 60_000;

export type CorrectionResult = { learnerName: string; status: "present" | "absent"; isDuplicate: boolean };

/**
 * The session's trainer marks a learner present or absent for one half-day, with a reason.
 * The correction is a new attendance record (evidence is never edited), the audit log says
 * who changed what and why, and a validation of that half-day is withdrawn: the trainer
 * validates the corrected sheet again.
 */
export async function correctPresence(
  db: Db,
  input: { actor: Actor; sessionId: unknown; fields: unknown; now: Date; requestId?: string },
): Promise<CorrectionResult> {
  const session = await getEditableSession(db, input.actor, input.sessionId);
  const fields = parseOrThrow(correctionInputSchema, input.fields, "Correction");
  if (session.cancelledAt) throw new AppError("conflict", "Cette session est annulée.");
  const halfDay = halfDaysOf(session, session.timezone).find(
    (h) => h.date === fields.date && h.period === fields.period,
  );
  if (!halfDay) {
    throw new AppError("invalid_input", "Cette demi-journée ne fait pas partie de la session.", {
      issues: [{ path: "period", message: "demi-journée hors de la session" }],
    });
  }
  if (fields.status === "present" && halfDay.startsAt > input.now) {
    throw new AppError("invalid_input", "On ne peut pas déclarer présent pour une demi-journée à venir.", {
      issues: [{ path: "status", message: "demi-journée pas encore commencée" }],
    });
  }
  const learner = (await listSheetLearners(db, session.id)).find((l) => l.id === fields.learnerId);
  if (!learner) {
    throw new AppError("invalid_input", "Ce stagiaire n'est pas inscrit à cette session.", {
      issues: [{ path: "learnerId", message: "stagiaire non inscrit" }],
    });
  }
  return db.transaction(async (tx) => {
    await lockPlanningKeys(tx, [`attendance:${session.id}:${learner.id}`]);
    const ref = { sessionId: session.id, learnerId: learner.id, startedAt: halfDay.startsAt };
    const latest = await findLatestCorrection(tx, ref);
    const isDuplicate =
      latest !== undefined &&
      latest.status === fields.status &&
      latest.reason === fields.reason &&
      input.now.getTime() - latest.createdAt.getTime() < doubleSubmitMs;
    if (isDuplicate) return { learnerName: learner.displayName, status: fields.status, isDuplicate };
    const validationWithdrawn = await deleteValidation(tx, {
      sessionId: session.id,
      date: halfDay.date,
      period: halfDay.period,
    });
    await recordCorrection(tx, {
      actor: input.actor,
      sessionId: session.id,
      learner,
      halfDay,
      status: fields.status,
      previousStatus: latest?.status ?? null,
      reason: fields.reason,
      validationWithdrawn,
      now: input.now,
      requestId: input.requestId,
    });
    return { learnerName: learner.displayName, status: fields.status, isDuplicate };
  });
}
