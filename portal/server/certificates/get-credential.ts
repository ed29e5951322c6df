import "server-only";
import type { Db } from "@tremplin/db/client";
import { listEndedStatusIndices } from "@tremplin/db/queries/certificates";
import { certificateFactsSchema } from "@tremplin/domain/certification";
import { AppError } from "@tremplin/domain/errors";
import type { Actor } from "@/server/audit/actor";
import type { SigningIdentity } from "@/server/signing/organisation-pki";
import { getCertificateFor } from "./certificate-access";
import {
  buildOpenBadgeCredential,
  type CredentialSigner,
  signOpenBadgeCredential,
  signStatusListCredential,
} from "./open-badge";

/** The document signer as a credential signer: its key, and its certificate's public key. */
export async function credentialSignerOf(identity: SigningIdentity): Promise<CredentialSigner> {
  return {
    privateKey: identity.privateKey,
    publicKey: await identity.certificate.getPublicKey(),
    chain: [identity.certificateDer, ...identity.chain],
  };
}

/**
 * A certificate as an Open Badges 3.0 credential (VC-JWT), for those who may download it. A
 * revoked one is still given (its status list says revoked); a purged one is gone.
 */
export async function getCertificateCredential(
  db: Db,
  deps: { signer: CredentialSigner; baseUrl: string },
  input: { actor: Actor; code: unknown },
): Promise<{ code: string; jwt: string }> {
  const { certificate } = await getCertificateFor(db, input.actor, input.code);
  const facts = certificateFactsSchema.safeParse(certificate.facts);
  if (!facts.success || certificate.vaultLeafIndex === null) {
    throw new AppError("not_found", "Ce certificat n'est plus conservé (durée de conservation échue).");
  }
  const credential = buildOpenBadgeCredential({
    facts: facts.data,
    baseUrl: deps.baseUrl,
    statusIndex: certificate.vaultLeafIndex,
  });
  return { code: certificate.code, jwt: await signOpenBadgeCredential(credential, deps.signer) };
}

/** The public status list: every revoked or superseded certificate's bit set. */
export async function getStatusListCredential(
  db: Db,
  deps: { signer: CredentialSigner; baseUrl: string; issuerName: string },
  now: Date,
): Promise<string> {
  const revoked = await listEndedStatusIndices(db);
  return signStatusListCredential(
    { baseUrl: deps.baseUrl, issuerName: deps.issuerName, revoked, now },
    deps.signer,
  );
}
