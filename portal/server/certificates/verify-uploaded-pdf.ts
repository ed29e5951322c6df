import "server-only";
import type { Db } from "@tremplin/db/client";
import { findCertificateByPdfSha256 } from "@tremplin/db/queries/certificates";
import { isAppError } from "@tremplin/domain/errors";
import { type Check, verifySignedPdf } from "@/server/signing/pades-verify";
import type { Trust } from "@/server/signing/trust-bundle";
import { type ProofBundle, verifyProofBundle } from "@/server/vault/proof-bundle";

/** What the verification page answers about an uploaded PDF: each check, and the code it is. */
export type PdfVerdict = { ok: boolean; checks: Check[]; code: string | null };

export type PdfCheckDeps = {
  trust: () => Promise<Trust>;
  /** A certificate's proof bundle; throws `unavailable` until a checkpoint covers it. */
  proofBundle: (db: Db, code: string) => Promise<ProofBundle>;
};

const statusWords = {
  issued: "en vigueur",
  revoked: "révoqué",
  superseded: "remplacé par un certificat plus récent",
  purged: "supprimé à l'échéance de sa conservation",
} as const;

/**
 * Checks an uploaded PDF whole: the signature and its time-stamp against our trust anchors (the
 * same code as `tremplin-verify`), then that we issued exactly these bytes, that the evidence
 * vault holds its entry under a signed checkpoint, and that it is still in force.
 */
export async function verifyUploadedPdf(db: Db, deps: PdfCheckDeps, pdf: Uint8Array): Promise<PdfVerdict> {
  const trust = await deps.trust();
  const signature = await verifySignedPdf(pdf, trust);
  const checks = [...signature.checks];
  const certificate = await findCertificateByPdfSha256(db, signature.documentSha256);
  if (!certificate) {
    checks.push({
      name: "Registre des certificats",
      ok: false,
      detail: "aucun certificat délivré n'a cette empreinte",
    });
    return { ok: false, checks, code: null };
  }
  checks.push({
    name: "Registre des certificats",
    ok: true,
    detail: `certificat ${certificate.code}, délivré le ${certificate.issuedAt.toISOString()}`,
  });
  const bundle = await deps.proofBundle(db, certificate.code).catch((error: unknown) => {
    if (isAppError(error) && error.code === "unavailable") return undefined;
    throw error;
  });
  if (!bundle) {
    checks.push({
      name: "Registre des preuves",
      ok: false,
      detail:
        "pas encore couvert par un point de contrôle signé (publié chaque minute) : réessayez dans un instant",
    });
  } else {
    for (const c of verifyProofBundle(bundle, trust.logVerifierKeys, signature.documentSha256)) {
      checks.push({ name: `Registre des preuves : ${c.name}`, ok: c.ok, detail: c.detail });
    }
  }
  checks.push({
    name: "Statut",
    ok: certificate.status === "issued",
    detail: `${statusWords[certificate.status]}${certificate.revokedReason ? ` (${certificate.revokedReason})` : ""}`,
  });
  return { ok: checks.every((c) => c.ok), checks, code: certificate.code };
}
