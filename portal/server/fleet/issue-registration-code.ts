import "server-only";
import type { Db } from "@tremplin/db/client";
import { hashDeviceSecret, newRegistrationCode } from "@tremplin/db/device-secrets";
import { appendAudit } from "@tremplin/db/queries/audit";
import { findKiosk, setRegistrationCode } from "@tremplin/db/queries/fleet";
import { AppError } from "@tremplin/domain/errors";
import { registrationCodeTtlMs } from "@tremplin/domain/fleet";
import { type Actor, auditActor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";

/**
 * A one-time code for a post, shown once to IT and typed on the post (`tremplin-kiosk register`).
 * Only its hash is stored, and a new code replaces any earlier one. The post's current token keeps
 * working until a machine registers with the code (a spare taking over a dead post, or the same
 * post reinstalled). The audit log records that a code was issued, never the code.
 */
export async function issueRegistrationCode(
  db: Db,
  input: {
    actor: Actor;
    kioskId: string;
    now: Date;
    /** `replacement`: IT means a spare NUC to take over the post (recorded in the audit log). */
    purpose?: "registration" | "replacement";
    requestId?: string;
  },
): Promise<{ code: string; expiresAt: Date; label: string }> {
  assertItAdmin(input.actor);
  const code = newRegistrationCode();
  const expiresAt = new Date(input.now.getTime() + registrationCodeTtlMs);
  return db.transaction(async (tx) => {
    const kiosk = await findKiosk(tx, input.kioskId);
    if (!kiosk) throw new AppError("not_found", "Poste introuvable.");
    await setRegistrationCode(tx, kiosk.id, hashDeviceSecret(code, "code"), expiresAt);
    await appendAudit(tx, {
      at: input.now,
      ...auditActor(input.actor),
      action: "kiosk.code_issued",
      entityType: "kiosk",
      entityId: kiosk.id,
      details: {
        label: kiosk.label,
        expiresAt: expiresAt.toISOString(),
        wasRevoked: kiosk.revokedAt !== null,
        purpose: input.purpose ?? "registration",
      },
      requestId: input.requestId,
    });
    return { code, expiresAt, label: kiosk.label };
  });
}
