import "server-only";
import type { Db } from "@tremplin/db/client";
import { queueSessionMailJobs } from "@tremplin/db/queries/mail-jobs";
import { cancelSessionIfVersion, lockSession } from "@tremplin/db/queries/planning";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { auditChange } from "@/server/audit/audit-change";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { staleVersionError } from "./update-session";

const cancelSchema = z.object({
  version: z.coerce.number().int().min(1),
  reason: z
    .string({ message: "motif requis" })
    .trim()
    .min(5, { message: "indiquez le motif de l'annulation (5 caractères au moins)" })
    .max(500, { message: "500 caractères au plus" }),
});

/**
 * IT cancels a session (with a reason): it frees its room and trainer and leaves the calendar.
 * Everyone enrolled or waiting is told by e-mail, queued in the same transaction, unless the
 * session is already over.
 */
export async function cancelSession(
  db: Db,
  input: { actor: Actor; sessionId: unknown; fields: unknown; now: Date; requestId?: string },
): Promise<{ id: string }> {
  assertItAdmin(input.actor);
  const id = z.uuid().safeParse(input.sessionId);
  if (!id.success) throw new AppError("not_found", "Session introuvable.");
  const parsed = cancelSchema.safeParse(input.fields);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Annulation invalide — indiquez un motif.", {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return db.transaction(async (tx) => {
    const current = await lockSession(tx, id.data);
    if (!current) throw new AppError("not_found", "Session introuvable.");
    if (current.cancelledAt) return { id: id.data };
    if (current.version !== parsed.data.version) throw await staleVersionError(tx, id.data);
    await cancelSessionIfVersion(tx, id.data, parsed.data.version, input.now);
    if (current.endsAt > input.now) await queueSessionMailJobs(tx, id.data, "session_cancelled", input.now);
    await auditChange(tx, input, {
      action: "session.cancelled",
      entity: ["session", id.data],
      details: { reason: parsed.data.reason, enrolled: current.enrolled },
    });
    return { id: id.data };
  });
}
