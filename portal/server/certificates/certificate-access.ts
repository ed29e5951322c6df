import "server-only";
import type { Db } from "@tremplin/db/client";
import { type CertificateRow, findCertificateByCode } from "@tremplin/db/queries/certificates";
import { findSessionDetail } from "@tremplin/db/queries/planning";
import { certificateCodeSchema } from "@tremplin/domain/certification";
import { AppError } from "@tremplin/domain/errors";
import type { Actor } from "@/server/audit/actor";

const notFound = () => new AppError("not_found", "Certificat introuvable.");

/**
 * A certificate `actor` may download and see in full: their own, one of a session they train,
 * or any for IT and auditors. Anyone else is told it does not exist: codes must not be probed
 * through the download (the public page shows what a code proves, never the document).
 */
export async function getCertificateFor(
  db: Db,
  actor: Actor,
  rawCode: unknown,
): Promise<{ certificate: CertificateRow; canManage: boolean }> {
  const code = certificateCodeSchema.safeParse(rawCode);
  if (!code.success) throw notFound();
  const found = await findCertificateByCode(db, code.data);
  if (!found) throw notFound();
  const { certificate } = found;
  if (actor.roles.includes("it_admin")) return { certificate, canManage: true };
  if (actor.roles.includes("trainer") && certificate.sessionId) {
    const session = await findSessionDetail(db, certificate.sessionId);
    if (session?.trainerId === actor.id) return { certificate, canManage: true };
  }
  if (actor.roles.includes("auditor")) return { certificate, canManage: false };
  if (certificate.learnerId === actor.id) return { certificate, canManage: false };
  throw notFound();
}

/** As `getCertificateFor`, for a revocation or a reissue: the session's trainer or IT only. */
export async function getManageableCertificate(
  db: Db,
  actor: Actor,
  rawCode: unknown,
): Promise<CertificateRow> {
  const { certificate, canManage } = await getCertificateFor(db, actor, rawCode);
  if (!canManage)
    throw new AppError("forbidden", "Seuls le formateur de la session et la DSI gèrent ce certificat.");
  return certificate;
}
