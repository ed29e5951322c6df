import "server-only";
import type { Db } from "@tremplin/db/client";
import { insertValidation } from "@tremplin/db/queries/attendance";
import { appendAudit } from "@tremplin/db/queries/audit";
import { halfDaysOf } from "@tremplin/domain/attendance";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { z } from "zod";
import { type Actor, auditActor } from "@/server/audit/actor";
import { getEditableSession } from "./session-access";
import { frenchDateTime } from "./sheet-text";

const halfDaySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "date au format AAAA-MM-JJ" }),
  period: z.enum(["am", "pm"], { message: "matin ou après-midi" }),
});

/**
 * The trainer validates a half-day of the sheet: the Qualiopi "signature du formateur". Only
 * once the half-day has ended (before, presence is still being recorded and the signature would
 * vouch for an unfinished sheet); the refusal says when it can be. Validating twice keeps the
 * first validation.
 */
export async function validateHalfDay(
  db: Db,
  input: { actor: Actor; sessionId: unknown; fields: unknown; now: Date; requestId?: string },
): Promise<{ date: string; period: "am" | "pm"; wasAlreadyValidated: boolean }> {
  const session = await getEditableSession(db, input.actor, input.sessionId);
  const fields = parseOrThrow(halfDaySchema, input.fields, "Demi-journée");
  const halfDay = halfDaysOf(session, session.timezone).find(
    (h) => h.date === fields.date && h.period === fields.period,
  );
  if (!halfDay) {
    throw new AppError("invalid_input", "Cette demi-journée ne fait pas partie de la session.", {
      issues: [{ path: "period", message: "demi-journée hors de la session" }],
    });
  }
  if (halfDay.endsAt > input.now) {
    throw new AppError(
      "invalid_input",
      `Cette demi-journée n'est pas terminée : elle pourra être validée à partir du ${frenchDateTime(halfDay.endsAt, session.timezone)}.`,
      { issues: [{ path: "period", message: "demi-journée pas terminée" }] },
    );
  }
  return db.transaction(async (tx) => {
    const ref = { sessionId: session.id, date: halfDay.date, period: halfDay.period };
    const isNew = await insertValidation(tx, {
      ...ref,
      validatedBy: input.actor.id,
      validatedAt: input.now,
    });
    if (isNew) {
      await appendAudit(tx, {
        at: input.now,
        ...auditActor(input.actor),
        action: "attendance.validated",
        entityType: "session",
        entityId: session.id,
        details: { date: halfDay.date, period: halfDay.period },
        requestId: input.requestId ?? null,
      });
    }
    return { date: halfDay.date, period: halfDay.period, wasAlreadyValidated: !isNew };
  });
}
