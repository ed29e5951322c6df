import "server-only";
import type { Db } from "@tremplin/db/client";
import { deleteValidation } from "@tremplin/db/queries/attendance";
import { lockPlanningKeys } from "@tremplin/db/queries/planning";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { getSessionAttendance } from "./get-session-attendance";
import { recordCorrection } from "./record-correction";
import { getEditableSession } from "./session-access";

const halfDaySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "date au format AAAA-MM-JJ" }),
  period: z.enum(["am", "pm"], { message: "matin ou après-midi" }),
});

/** The reason each of these corrections carries, on the sheet and in the audit log. */
export const markAllReason = "Présence de tout le groupe attestée par le formateur (saisie groupée)";

/**
 * The session's trainer marks every learner of a half-day present at once, after one
 * confirmation on screen. Each learner not already present gets the same correction as a single
 * one (a `trainer` record with a reason, its own audit line), in one transaction; the half-day's
 * validation, if any, is withdrawn: the trainer validates the completed sheet next.
 */
export async function markAllPresent(
  db: Db,
  input: { actor: Actor; sessionId: unknown; fields: unknown; now: Date; requestId?: string },
): Promise<{ marked: string[] }> {
  const session = await getEditableSession(db, input.actor, input.sessionId);
  const fields = parseOrThrow(halfDaySchema, input.fields, "Demi-journée");
  if (session.cancelledAt) throw new AppError("conflict", "Cette session est annulée.");
  const { sheet } = await getSessionAttendance(db, {
    actor: input.actor,
    sessionId: session.id,
    now: input.now,
  });
  const index = sheet.halfDays.findIndex((h) => h.date === fields.date && h.period === fields.period);
  const halfDay = sheet.halfDays[index];
  if (!halfDay) {
    throw new AppError("invalid_input", "Cette demi-journée ne fait pas partie de la session.", {
      issues: [{ path: "period", message: "demi-journée hors de la session" }],
    });
  }
  if (halfDay.startsAt > input.now) {
    throw new AppError("invalid_input", "On ne peut pas déclarer présent pour une demi-journée à venir.", {
      issues: [{ path: "period", message: "demi-journée pas encore commencée" }],
    });
  }
  const toMark = sheet.lines
    .filter((l) => l.cells[index]!.status !== "present")
    .map((l) => ({ ...l.learner, previousStatus: l.cells[index]!.correction?.status ?? null }));
  if (toMark.length === 0) return { marked: [] };
  return db.transaction(async (tx) => {
    // The same keys as a single correction: the two never interleave for one learner.
    await lockPlanningKeys(
      tx,
      toMark.map((l) => `attendance:${session.id}:${l.id}`),
    );
    const validationWithdrawn = await deleteValidation(tx, {
      sessionId: session.id,
      date: halfDay.date,
      period: halfDay.period,
    });
    for (const learner of toMark) {
      await recordCorrection(tx, {
        actor: input.actor,
        sessionId: session.id,
        learner,
        halfDay,
        status: "present",
        previousStatus: learner.previousStatus,
        reason: markAllReason,
        validationWithdrawn,
        isBulk: true,
        now: input.now,
        requestId: input.requestId,
      });
    }
    return { marked: toMark.map((l) => l.displayName) };
  });
}
