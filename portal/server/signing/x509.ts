import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { randomPositiveInteger, sha256, toArrayBuffer } from "./der";
import { oid } from "./oids";

/**
 * ECDSA P-256 with SHA-256 for every key of the organisation: accepted by PAdES baseline
 * (ETSI TS 119 312), by poppler/NSS, OpenSSL and Acrobat, and a signature costs a fraction of a
 * millisecond, which the issuance target (50 certificates/s, two signatures each) needs.
 */
export const keyAlgorithm = { name: "ECDSA", namedCurve: "P-256" } as const;
export const hashName = "SHA-256";

export type KeyPair = { privateKey: CryptoKey; publicKey: CryptoKey };

/** What a certificate is for; each profile sets its key usages as RFC 5280 and ETSI ask. */
export type CertificateProfile = "ca" | "document-signing" | "timestamping";

export type Issuer = { certificate: pkijs.Certificate; privateKey: CryptoKey };

export async function generateKeyPair(): Promise<KeyPair> {
  return (await crypto.subtle.generateKey(keyAlgorithm, true, ["sign", "verify"])) as KeyPair;
}

/**
 * C, O, CN as three RDNs (one SET each): pkijs would put them in one multi-valued RDN, which
 * tools print as "C=FR+O=…+CN=…" and some path builders compare differently.
 */
function name(commonName: string, organisation: string): pkijs.RelativeDistinguishedNames {
  const rdn = (type: string, value: asn1js.BaseStringBlock) =>
    new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value }).toSchema()] });
  const sequence = new asn1js.Sequence({
    value: [
      rdn(oid.countryName, new asn1js.PrintableString({ value: "FR" })),
      rdn(oid.organizationName, new asn1js.Utf8String({ value: organisation })),
      rdn(oid.commonName, new asn1js.Utf8String({ value: commonName })),
    ],
  });
  return pkijs.RelativeDistinguishedNames.fromBER(sequence.toBER(false));
}

function extension(extnID: string, critical: boolean, value: { toSchema(): asn1js.AsnType }) {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toSchema().toBER(false) });
}

/** RFC 5280 §4.2.1.3 bits, most significant first: digitalSignature(0) … cRLSign(6). */
function keyUsage(bits: number[]): pkijs.Extension {
  let value = 0;
  for (const bit of bits) value |= 0x80 >> bit;
  const second = bits.includes(8) ? 0x80 : 0;
  const bytes = second ? [value, second] : [value];
  const bitString = new asn1js.BitString({ valueHex: new Uint8Array(bytes).buffer, unusedBits: 0 });
  return new pkijs.Extension({ extnID: oid.keyUsage, critical: true, extnValue: bitString.toBER(false) });
}

function profileExtensions(profile: CertificateProfile): pkijs.Extension[] {
  switch (profile) {
    case "ca":
      return [
        extension(oid.basicConstraints, true, new pkijs.BasicConstraints({ cA: true, pathLenConstraint: 0 })),
        keyUsage([5, 6]), // keyCertSign, cRLSign
      ];
    case "document-signing":
      return [
        extension(oid.basicConstraints, true, new pkijs.BasicConstraints({ cA: false })),
        keyUsage([0, 1]), // digitalSignature, nonRepudiation (contentCommitment)
      ];
    case "timestamping":
      // RFC 3161 §2.3: the TSA certificate has id-kp-timeStamping as its only, critical, EKU.
      return [
        extension(oid.basicConstraints, true, new pkijs.BasicConstraints({ cA: false })),
        keyUsage([0, 1]),
        extension(oid.extKeyUsage, true, new pkijs.ExtKeyUsage({ keyPurposes: [oid.timeStamping] })),
      ];
  }
}

function crlDistributionPoint(url: string): pkijs.Extension {
  const point = new pkijs.DistributionPoint({
    distributionPoint: [new pkijs.GeneralName({ type: 6, value: url })],
  });
  return extension(
    oid.crlDistributionPoints,
    false,
    new pkijs.CRLDistributionPoints({ distributionPoints: [point] }),
  );
}

/** SHA-256 of the subjectPublicKey bits, truncated to 160 bits (RFC 7093 §2 method 1). */
async function keyIdentifier(publicKey: CryptoKey): Promise<ArrayBuffer> {
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", publicKey));
  const info = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(spki));
  return toArrayBuffer(sha256(new Uint8Array(info.subjectPublicKey.valueBlock.valueHexView)).slice(0, 20));
}

export type CertificateRequest = {
  commonName: string;
  organisation: string;
  keys: KeyPair;
  profile: CertificateProfile;
  notBefore: Date;
  notAfter: Date;
  /** The issuing CA; absent for the self-signed root. */
  issuer?: Issuer;
  /** Where the issuer publishes its CRL (a CRL distribution point, RFC 5280 §4.2.1.13). */
  crlUrl?: string;
};

export async function createCertificate(request: CertificateRequest): Promise<pkijs.Certificate> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  // RFC 5280 §4.1.2.2: a positive integer of at most 20 octets, here 16 random ones.
  const serial = randomPositiveInteger(16);
  cert.serialNumber = new asn1js.Integer({ valueHex: toArrayBuffer(serial) });
  cert.subject = name(request.commonName, request.organisation);
  cert.issuer = request.issuer ? request.issuer.certificate.subject : cert.subject;
  cert.notBefore.value = request.notBefore;
  cert.notAfter.value = request.notAfter;
  await cert.subjectPublicKeyInfo.importKey(request.keys.publicKey);
  const ski = await keyIdentifier(request.keys.publicKey);
  const signerPublicKey = request.issuer
    ? await request.issuer.certificate.getPublicKey()
    : request.keys.publicKey;
  const aki = new pkijs.AuthorityKeyIdentifier({
    keyIdentifier: new asn1js.OctetString({ valueHex: await keyIdentifier(signerPublicKey) }),
  });
  cert.extensions = [
    ...profileExtensions(request.profile),
    extension(oid.subjectKeyIdentifier, false, { toSchema: () => new asn1js.OctetString({ valueHex: ski }) }),
    extension(oid.authorityKeyIdentifier, false, aki),
    ...(request.crlUrl ? [crlDistributionPoint(request.crlUrl)] : []),
  ];
  await cert.sign(request.issuer?.privateKey ?? request.keys.privateKey, hashName);
  return cert;
}

/**
 * An empty CRL from the CA (nobody is revoked: a certificate the organisation stops trusting is
 * revoked through the vault, not by revoking its signing key). Embedded in signed PDFs so a
 * validator finds revocation data for the signer without going online (PAdES B-LT).
 */
export async function createCrl(
  ca: Issuer,
  validity: { thisUpdate: Date; nextUpdate: Date },
): Promise<pkijs.CertificateRevocationList> {
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.issuer = ca.certificate.subject;
  crl.thisUpdate = new pkijs.Time({ type: 0, value: validity.thisUpdate });
  crl.nextUpdate = new pkijs.Time({ type: 0, value: validity.nextUpdate });
  await crl.sign(ca.privateKey, hashName);
  return crl;
}

/** DER of a certificate or CRL: the bytes it was parsed from, else encoded from its signed TBS. */
export function certificateDer(cert: pkijs.Certificate | pkijs.CertificateRevocationList): Uint8Array {
  return ders.get(cert) ?? new Uint8Array(cert.toSchema(false).toBER(false));
}

/**
 * Parsed certificates by their bytes: the same few (our CA, signer, TSA) come with every
 * signature made and every PDF checked, and ASN.1 parsing was the largest cost of a check. A
 * parsed certificate is only read afterwards. Bounded, so hostile input cannot grow it.
 */
const parsed = new Map<string, pkijs.Certificate>();
/** The bytes each parsed certificate came from, so that certificateDer need not encode it again. */
const ders = new WeakMap<object, Uint8Array>();
export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("base64");
  let cert = parsed.get(key);
  if (!cert) {
    cert = pkijs.Certificate.fromBER(toArrayBuffer(der));
    if (parsed.size >= 256) parsed.clear();
    parsed.set(key, cert);
    ders.set(cert, der.slice());
  }
  return cert;
}

/** The certificate's CN, for messages. */
export function commonNameOf(names: pkijs.RelativeDistinguishedNames): string {
  const cn = names.typesAndValues.find((t) => t.type === oid.commonName);
  return cn ? String(cn.value.valueBlock.value) : "(sans nom)";
}
