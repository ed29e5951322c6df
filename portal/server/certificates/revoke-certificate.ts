import "server-only";
import type { Db } from "@tremplin/db/client";
import { endCertificate } from "@tremplin/db/queries/certificates";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { auditChange } from "@/server/audit/audit-change";
import { getManageableCertificate } from "./certificate-access";
import type { IssuanceDeps } from "./issue-due-certificates";

export const reasonSchema = z.object({
  reason: z.string().trim().min(5, "dites pourquoi, en quelques mots").max(500),
});

/**
 * Revokes a certificate in force, with its reason: marked revoked, "revoked" appended to the
 * vault and the audit log, in one transaction. The document stays downloadable by those who may,
 * and the public page says it is revoked and why.
 */
export async function revokeCertificate(
  db: Db,
  deps: Pick<IssuanceDeps, "appendToVault">,
  input: { actor: Actor; code: unknown; body: unknown; now: Date; requestId?: string },
) {
  const { reason } = parseOrThrow(reasonSchema, input.body, "Révocation");
  const certificate = await getManageableCertificate(db, input.actor, input.code);
  await db.transaction(async (tx) => {
    const ended = await endCertificate(tx, {
      id: certificate.id,
      status: "revoked",
      at: input.now,
      reason,
      by: input.actor.id,
    });
    if (!ended)
      throw new AppError(
        "conflict",
        "Ce certificat n'est plus en vigueur : il a déjà été remplacé ou révoqué.",
      );
    await deps.appendToVault(tx, {
      kind: "revoked",
      code: certificate.code,
      certificateSha256: certificate.pdfSha256,
      trainingId: certificate.trainingId,
      learnerId: certificate.learnerId,
      at: input.now,
      reason,
    });
    await auditChange(tx, input, {
      action: "certificate.revoked",
      entity: ["certificate", certificate.id],
      details: { code: certificate.code, reason },
    });
  });
  return { code: certificate.code, status: "revoked" as const };
}
