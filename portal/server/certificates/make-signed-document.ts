import "server-only";
import type { CertificateFacts } from "@tremplin/domain/certification";
import type { SigningSetup } from "@/server/signing/signing-setup";
import { renderSignedCertificate } from "./documents/render-signed-certificate";
import type { SignedDocument } from "./issue-due-certificates";

/**
 * The document for a certificate's frozen facts, rendered by its kind, signed (PAdES B-LT) with
 * the organisation's signer and time-stamped by its TSA, its QR code pointing at `baseUrl`.
 */
export async function makeSignedDocument(
  setup: SigningSetup,
  facts: CertificateFacts,
  baseUrl: string,
): Promise<SignedDocument> {
  return renderSignedCertificate(
    { ...facts, baseUrl },
    {
      signer: setup.documentSigner,
      timestamper: setup.timestamper,
      crls: await setup.crls(),
      // Known TSA certificates: the signature's room is sized to them, and tokens are not parsed again.
      tsaCertificates: setup.tsaCertificates,
    },
  );
}
