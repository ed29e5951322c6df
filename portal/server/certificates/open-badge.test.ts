import { gunzipSync } from "node:zlib";
import type { CertificateFacts } from "@tremplin/domain/certification";
import { decodeProtectedHeader, EmbeddedJWK, generateKeyPair, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import {
  buildOpenBadgeCredential,
  type CredentialSigner,
  encodeStatusList,
  isStatusSet,
  signOpenBadgeCredential,
  signStatusListCredential,
} from "./open-badge";

const facts: CertificateFacts = {
  kind: "completion",
  code: "TRM-ABCD-EFGH-JK",
  issuedAt: "2026-12-06T10:00:00.000Z",
  issuer: {
    name: "Région Test",
    activityNumber: "76 31 00000 31",
    siret: "20005379100014",
    address: null,
    signatoryName: null,
    signatoryRole: null,
  },
  learner: { name: "Léa André" },
  action: {
    title: "Les fondamentaux de la comptabilité",
    code: "COMPTA-01",
    nature: "Action de formation",
    objectives: ["Tenir un journal"],
    from: "2026-12-01",
    to: "2026-12-02",
    place: "Salle Adour, Maison de région de Tarbes",
    isRemote: false,
    plannedMinutes: 840,
    attendedMinutes: 810,
  },
  signedAt: { city: "Tarbes", date: "2026-12-06" },
};

async function signer(): Promise<CredentialSigner> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  return { privateKey, publicKey, chain: [] };
}

describe("Open Badges 3.0 credential", () => {
  it("is a VC-JWT whose payload is the credential, verifiable with the key in its header", async () => {
    const credential = buildOpenBadgeCredential({ facts, baseUrl: "https://tremplin.test", statusIndex: 42 });
    const jwt = await signOpenBadgeCredential(credential, await signer());
    expect(decodeProtectedHeader(jwt)).toMatchObject({
      alg: "ES256",
      typ: "vc+jwt",
      jwk: { kty: "EC", crv: "P-256" },
    });
    const { payload } = await jwtVerify(jwt, EmbeddedJWK);
    expect(payload).toMatchObject({
      "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
      ],
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      iss: "https://tremplin.test/api/v1/credentials/issuer",
      jti: "https://tremplin.test/verifier/TRM-ABCD-EFGH-JK",
      nbf: Date.parse(facts.issuedAt) / 1000,
      credentialSubject: { achievement: { name: "Les fondamentaux de la comptabilité" } },
      credentialStatus: {
        type: "BitstringStatusListEntry",
        statusListIndex: "42",
        statusPurpose: "revocation",
      },
    });
    // One byte changed in the payload: the signature no longer holds.
    const [h, p, s] = jwt.split(".");
    const tampered = Buffer.from(p!, "base64url").toString().replace("Léa André", "Léo André");
    await expect(
      jwtVerify(`${h}.${Buffer.from(tampered).toString("base64url")}.${s}`, EmbeddedJWK),
    ).rejects.toThrow();
  });
});

describe("Bitstring Status List", () => {
  it("sets exactly the revoked indices, in a list of at least 131,072 bits", () => {
    const encoded = encodeStatusList([0, 7, 8, 200_000]);
    expect(encoded.startsWith("u")).toBe(true);
    const bytes = gunzipSync(Buffer.from(encoded.slice(1), "base64url"));
    expect(bytes.length).toBe(25_001); // 200,001 bits, rounded up to whole bytes
    expect(bytes[0]).toBe(0b1000_0001);
    expect(bytes[1]).toBe(0b1000_0000);
    for (const i of [0, 7, 8, 200_000]) expect(isStatusSet(encoded, i)).toBe(true);
    for (const i of [1, 6, 9, 199_999, 300_000]) expect(isStatusSet(encoded, i)).toBe(false);
    expect(gunzipSync(Buffer.from(encodeStatusList([]).slice(1), "base64url")).length).toBe(16_384);
  });

  it("is published as a signed status list credential", async () => {
    const jwt = await signStatusListCredential(
      { baseUrl: "https://tremplin.test", issuerName: "Région Test", revoked: [42], now: new Date() },
      await signer(),
    );
    const { payload } = await jwtVerify(jwt, EmbeddedJWK);
    const subject = payload.credentialSubject as { type: string; encodedList: string };
    expect(subject.type).toBe("BitstringStatusList");
    expect(isStatusSet(subject.encodedList, 42)).toBe(true);
    expect(isStatusSet(subject.encodedList, 41)).toBe(false);
  });
});
