import "server-only";
import type { Db } from "@tremplin/db/client";
import { findKiosk, markKioskRevoked } from "@tremplin/db/queries/fleet";
import { AppError } from "@tremplin/domain/errors";
import type { Actor } from "@/server/audit/actor";
import { auditChange } from "@/server/audit/audit-change";
import { assertItAdmin } from "@/server/auth/assert-it-admin";

/**
 * Revokes a post: its token stops working at its next call (401) and any pending code is void.
 * Revoking twice is harmless and logged once. A new code brings the post back.
 */
export async function revokeKiosk(
  db: Db,
  input: { actor: Actor; kioskId: string; reason: string; now: Date; requestId?: string },
): Promise<{ label: string; wasAlreadyRevoked: boolean }> {
  assertItAdmin(input.actor);
  const reason = input.reason.trim();
  if (reason.length < 3 || reason.length > 500) {
    throw new AppError("invalid_input", "Indiquez la raison de la révocation (3 à 500 caractères).", {
      issues: [{ path: "reason", message: "entre 3 et 500 caractères" }],
    });
  }
  return db.transaction(async (tx) => {
    const kiosk = await findKiosk(tx, input.kioskId);
    if (!kiosk) throw new AppError("not_found", "Poste introuvable.");
    const changed = await markKioskRevoked(tx, kiosk.id, input.now);
    if (changed) {
      await auditChange(tx, input, {
        action: "kiosk.revoked",
        entity: ["kiosk", kiosk.id],
        details: { label: kiosk.label, reason },
      });
    }
    return { label: kiosk.label, wasAlreadyRevoked: !changed };
  });
}
