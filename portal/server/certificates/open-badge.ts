import "server-only";
import { gunzipSync, gzipSync } from "node:zlib";
import { formatHours } from "@tremplin/domain/attendance";
import type { CertificateFacts } from "@tremplin/domain/certification";
import { exportJWK, type JWK, type KeyLike, SignJWT } from "jose";

// A certificate as a W3C Verifiable Credential (VCDM 2.0) of type OpenBadgeCredential (Open
// Badges 3.0), secured as a VC-JWT (OB 3.0 §8.2: the payload is the credential itself, `nbf`
// from validFrom, the issuer's public key in the JOSE header), with its revocation published in
// a Bitstring Status List (W3C). What a learner's wallet or an employer's tool reads, from the
// same facts as the PDF.

const contexts = [
  "https://www.w3.org/ns/credentials/v2",
  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];
/** The specification's minimum: 16 KiB of bits, so that one revoked entry hides among many. */
const minimumStatusBits = 131_072;

export type CredentialSigner = {
  privateKey: KeyLike;
  publicKey: KeyLike;
  /** The signer's certificate chain (DER), as `x5c`: it ties the credential to our CA. */
  chain: Uint8Array[];
};

const kindNames = { completion: "Certificat de réalisation", attendance: "Attestation d'assiduité" } as const;

/** The credential for a certificate: issuer, achievement (the action), and where its status is. */
export function buildOpenBadgeCredential(input: {
  facts: CertificateFacts;
  baseUrl: string;
  statusIndex: number;
}) {
  const { facts, baseUrl } = input;
  const hours = (minutes: number) => formatHours(minutes * 60_000);
  return {
    "@context": contexts,
    id: `${baseUrl}/verifier/${facts.code}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: {
      id: `${baseUrl}/api/v1/credentials/issuer`,
      type: ["Profile"],
      name: facts.issuer.name,
      ...(facts.issuer.address
        ? { address: { type: ["Address"], streetAddress: facts.issuer.address } }
        : {}),
    },
    validFrom: facts.issuedAt,
    name: `${kindNames[facts.kind]} — ${facts.action.title}`,
    credentialSubject: {
      type: ["AchievementSubject"],
      // No e-mail or directory id: the holder proves who they are with the PDF's name.
      identifier: [
        { type: "IdentityObject", identityType: "name", hashed: false, identityHash: facts.learner.name },
      ],
      activityStartDate: `${facts.action.from}T00:00:00Z`,
      activityEndDate: `${facts.action.to}T00:00:00Z`,
      achievement: {
        id: `${baseUrl}/catalogue#${encodeURIComponent(facts.action.code)}`,
        type: ["Achievement"],
        achievementType: facts.kind === "completion" ? "Certificate" : "Achievement",
        name: facts.action.title,
        description: `${facts.action.nature}, ${hours(facts.action.attendedMinutes)} réalisées sur ${hours(facts.action.plannedMinutes)} prévues, ${facts.action.place ?? "à distance"}.`,
        criteria: { narrative: facts.action.objectives.join("\n") || facts.action.title },
      },
    },
    credentialStatus: {
      id: `${baseUrl}/api/v1/credentials/status#${input.statusIndex}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(input.statusIndex),
      statusListCredential: `${baseUrl}/api/v1/credentials/status`,
    },
  };
}
export type OpenBadgeCredential = ReturnType<typeof buildOpenBadgeCredential>;

async function signAsJwt(
  payload: Record<string, unknown>,
  claims: { issuer: string; subject?: string; id: string; notBefore: Date },
  signer: CredentialSigner,
) {
  const jwk: JWK = await exportJWK(signer.publicKey);
  const jwt = new SignJWT(payload)
    .setProtectedHeader({
      alg: "ES256",
      typ: "vc+jwt",
      jwk,
      x5c: signer.chain.map((der) => Buffer.from(der).toString("base64")),
    })
    .setIssuer(claims.issuer)
    .setJti(claims.id)
    .setNotBefore(Math.floor(claims.notBefore.getTime() / 1000));
  if (claims.subject) jwt.setSubject(claims.subject);
  return jwt.sign(signer.privateKey);
}

/** The credential as a compact VC-JWT, signed with the organisation's document signer. */
export function signOpenBadgeCredential(
  credential: OpenBadgeCredential,
  signer: CredentialSigner,
): Promise<string> {
  return signAsJwt(
    credential,
    { issuer: credential.issuer.id, id: credential.id, notBefore: new Date(credential.validFrom) },
    signer,
  );
}

/** GZIP of the bitstring, multibase base64url (`u` prefix, no padding), as the spec encodes it. */
export function encodeStatusList(setIndices: number[]): string {
  const bits = Math.max(minimumStatusBits, Math.ceil((Math.max(-1, ...setIndices) + 1) / 8) * 8);
  const bytes = new Uint8Array(bits / 8);
  // Bit 0 is the first byte's most significant bit (the specification's left-most bit).
  for (const i of setIndices) bytes[i >> 3]! |= 0x80 >> (i & 7);
  return `u${gzipSync(bytes).toString("base64url")}`;
}

/** Whether `index` is set in an encoded list (what a verifier of a credential's status does). */
export function isStatusSet(encodedList: string, index: number): boolean {
  if (!encodedList.startsWith("u")) throw new Error("encodedList: multibase base64url attendu (préfixe u)");
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), "base64url"));
  if (index >> 3 >= bytes.length) return false;
  return (bytes[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

/** The status list credential: which certificates' credentials are revoked (or superseded). */
export function signStatusListCredential(
  input: { baseUrl: string; issuerName: string; revoked: number[]; now: Date },
  signer: CredentialSigner,
): Promise<string> {
  const id = `${input.baseUrl}/api/v1/credentials/status`;
  const credential = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    id,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: { id: `${input.baseUrl}/api/v1/credentials/issuer`, name: input.issuerName },
    validFrom: input.now.toISOString(),
    credentialSubject: {
      id: `${id}#list`,
      type: "BitstringStatusList",
      statusPurpose: "revocation",
      encodedList: encodeStatusList(input.revoked),
    },
  };
  return signAsJwt(credential, { issuer: credential.issuer.id, id, notBefore: input.now }, signer);
}

/** What `issuer.id` resolves to: the Open Badges Profile, with the signing key as a JWK. */
export async function issuerProfile(input: {
  signer: CredentialSigner;
  baseUrl: string;
  issuerName: string;
}) {
  return {
    "@context": contexts,
    id: `${input.baseUrl}/api/v1/credentials/issuer`,
    type: ["Profile"],
    name: input.issuerName,
    url: input.baseUrl,
    publicKeyJwk: await exportJWK(input.signer.publicKey),
  };
}
