import "server-only";
import { env } from "@/env";
import { publicBaseUrl } from "@/server/app-deps";
import { findCurrentUser } from "@/server/auth/current-user";
import { getDb } from "@/server/db";
import { getSigningSetup } from "@/server/signing/signing-setup";
import { buildTrustBundle, type Trust } from "@/server/signing/trust-bundle";
import { getProofBundle } from "@/server/vault/get-proof-bundle";
import { getLogVerifierKey } from "@/server/vault/vault-deps";
import type { CertificateRouteDeps } from "./certificate-routes";
import { credentialSignerOf } from "./get-credential";
import { getIssuanceDeps } from "./issuance-deps";
import { verifyUploadedPdf } from "./verify-uploaded-pdf";

/** The anchors a verification trusts: our CA and TSA certificates, our vault's log key. */
async function portalTrust(): Promise<Trust> {
  const setup = await getSigningSetup();
  return {
    caCertificates: setup.caCertificates,
    tsaCertificates: setup.tsaCertificates,
    logVerifierKeys: [await getLogVerifierKey()],
  };
}

/** What the certificates' route handlers run against in the portal process. */
export const certificateRouteDeps: CertificateRouteDeps = {
  getDb,
  getUser: findCurrentUser,
  getIssuance: getIssuanceDeps,
  checkPdf: (db, pdf) => verifyUploadedPdf(db, { trust: portalTrust, proofBundle: getProofBundle }, pdf),
  credentials: async () => ({
    signer: await credentialSignerOf((await getSigningSetup()).documentSigner),
    baseUrl: publicBaseUrl(),
    issuerName: env().TREMPLIN_SIGNING_ORGANISATION,
  }),
  trustBundle: async () => {
    return buildTrustBundle({ organisation: env().TREMPLIN_SIGNING_ORGANISATION, ...(await portalTrust()) });
  },
};
