import "server-only";
import type { CertificateFacts } from "@tremplin/domain/certification";
import { signPdf } from "@/server/signing/pades-sign";
import type { SigningSetup } from "@/server/signing/signing-setup";
import type { Timestamper } from "@/server/signing/timestamper";
import { renderCompletionCertificate } from "./documents/render-completion-certificate";
import type { SignedDocument } from "./issue-due-certificates";

const reasons = {
  completion: "Certificat de réalisation",
  attendance: "Attestation d'assiduité",
} as const;

/**
 * Renders the facts, signs the PDF (PAdES B-LT) and keeps the signature's time-stamp token: the
 * token goes into the certificate's row and its vault entry beside the signed file.
 */
export async function makeSignedDocument(
  setup: SigningSetup,
  facts: CertificateFacts,
  baseUrl: string,
): Promise<SignedDocument> {
  const fields = { ...facts, baseUrl };
  const pdf =
    facts.kind === "completion"
      ? await renderCompletionCertificate(fields)
      : await renderCompletionCertificate(fields);
  const tokens: Uint8Array[] = [];
  const timestamper: Timestamper = {
    async stamp(digest) {
      const token = await setup.timestamper.stamp(digest);
      tokens.push(token);
      return token;
    },
  };
  const signed = await signPdf(pdf, {
    signer: setup.documentSigner,
    timestamper,
    reason: reasons[facts.kind],
    location: facts.signedAt.city ?? "",
    crls: await setup.crls(),
  });
  return { pdf: signed, timestampToken: tokens.at(-1)! };
}
