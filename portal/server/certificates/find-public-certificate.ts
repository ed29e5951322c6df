import "server-only";
import type { Db } from "@tremplin/db/client";
import { findCertificateByCode, findCertificateById } from "@tremplin/db/queries/certificates";
import {
  type CertificateFacts,
  certificateCodeSchema,
  certificateFactsSchema,
} from "@tremplin/domain/certification";

/**
 * What `/verifier/<code>` shows anyone holding a code: whether the certificate stands, and what
 * it certifies — the facts printed on the document itself, no more personal data than that.
 * A purged certificate shows only that it existed, its hash and when it was purged.
 */
export type PublicCertificate =
  | { status: "unknown" }
  | {
      status: "issued" | "revoked" | "superseded" | "purged";
      code: string;
      kind: "completion" | "attendance";
      issuer: string;
      issuedAt: Date;
      pdfSha256: string;
      vaultLeafIndex: number | null;
      /** Null once purged. */
      facts: CertificateFacts | null;
      revokedAt: Date | null;
      revokedReason: string | null;
      /** The code of the certificate that replaced this one. */
      supersededByCode: string | null;
      purgedAt: Date | null;
    };

export async function findPublicCertificate(db: Db, rawCode: unknown): Promise<PublicCertificate> {
  const code = certificateCodeSchema.safeParse(rawCode);
  if (!code.success) return { status: "unknown" };
  const found = await findCertificateByCode(db, code.data);
  if (!found) return { status: "unknown" };
  const c = found.certificate;
  const successor = c.supersededBy ? await findCertificateById(db, c.supersededBy) : undefined;
  const facts = c.purgedAt ? null : certificateFactsSchema.safeParse(c.facts);
  return {
    status: c.status,
    code: c.code,
    kind: c.kind,
    issuer: found.legalName ?? found.organisationName,
    issuedAt: c.issuedAt,
    pdfSha256: c.pdfSha256,
    vaultLeafIndex: c.vaultLeafIndex,
    facts: facts?.success ? facts.data : null,
    revokedAt: c.status === "revoked" ? c.revokedAt : null,
    revokedReason: c.status === "revoked" ? c.revokedReason : null,
    supersededByCode: successor?.code ?? null,
    purgedAt: c.purgedAt,
  };
}
