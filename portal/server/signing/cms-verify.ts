import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { signedAttribute } from "./cms";
import { equalBytes, toArrayBuffer } from "./der";
import { oid } from "./oids";

export type Outcome = { ok: boolean; detail: string };

/** The certificate the first SignerInfo names (issuer and serial), among `candidates`. */
export function findSignerCertificate(
  signedData: pkijs.SignedData,
  candidates: pkijs.Certificate[],
): pkijs.Certificate | undefined {
  const sid = signedData.signerInfos[0]?.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) return undefined;
  return candidates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
}

export function embeddedCertificates(signedData: pkijs.SignedData): pkijs.Certificate[] {
  return (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
}

/**
 * The first SignerInfo's signature (RFC 5652 §5.4): its messageDigest attribute equals
 * `contentDigest` (SHA-256 of the content), and the signature over the DER of the signed
 * attributes verifies with `signerCert`'s key. Made here rather than by SignedData.verify, which
 * wants the content itself where a PDF signature or a time-stamp gives only its digest.
 */
export async function verifySignerInfo(
  signedData: pkijs.SignedData,
  signerCert: pkijs.Certificate,
  contentDigest: Uint8Array,
): Promise<Outcome> {
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo?.signedAttrs) return { ok: false, detail: "aucun attribut signé" };
  if (signerInfo.digestAlgorithm.algorithmId !== oid.sha256)
    return {
      ok: false,
      detail: `algorithme d'empreinte non accepté (${signerInfo.digestAlgorithm.algorithmId})`,
    };
  const digest = signedAttribute(signedData, oid.messageDigest);
  if (!(digest instanceof asn1js.OctetString)) return { ok: false, detail: "attribut messageDigest absent" };
  if (!equalBytes(new Uint8Array(digest.valueBlock.valueHexView), contentDigest))
    return { ok: false, detail: "l'empreinte signée ne correspond pas au contenu" };
  // The signature covers the attributes encoded as a SET (tag 0x31), not as the [0] they are stored in.
  const encoded = new Uint8Array(signerInfo.signedAttrs.encodedValue);
  const toVerify = encoded.byteLength
    ? encoded.slice()
    : new Uint8Array(signerInfo.signedAttrs.toSchema().toBER(false));
  toVerify[0] = 0x31;
  const engine = pkijs.getCrypto(true);
  const valid = await engine
    .verifyWithPublicKey(
      toArrayBuffer(toVerify),
      signerInfo.signature,
      signerCert.subjectPublicKeyInfo,
      signerInfo.signatureAlgorithm,
      "SHA-256",
    )
    .catch(() => false);
  return valid
    ? { ok: true, detail: "signature valide" }
    : { ok: false, detail: "la signature ne vérifie pas avec la clé du certificat" };
}

/**
 * Whether `leaf` chains to one of `trusted` at `checkDate`, with the CRLs given (RFC 5280 path
 * validation by pkijs: signatures, validity periods, CA flags, revocation where a CRL is known).
 */
export async function verifyChain(options: {
  leaf: pkijs.Certificate;
  intermediates: pkijs.Certificate[];
  trusted: pkijs.Certificate[];
  crls: pkijs.CertificateRevocationList[];
  checkDate: Date;
}): Promise<Outcome> {
  if (options.trusted.length === 0) return { ok: false, detail: "aucune autorité de confiance fournie" };
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: options.trusted,
    certs: [...options.intermediates, options.leaf],
    crls: options.crls,
    checkDate: options.checkDate,
  });
  const result = await engine.verify({ passedWhenNotRevValues: false }).catch((e: unknown) => ({
    result: false,
    resultMessage: e instanceof Object && "resultMessage" in e ? String(e.resultMessage) : String(e),
  }));
  return result.result
    ? { ok: true, detail: "chaîne valide jusqu'à une autorité de confiance" }
    : { ok: false, detail: `chaîne refusée : ${result.resultMessage}` };
}

export function parseCrls(ders: Uint8Array[]): pkijs.CertificateRevocationList[] {
  return ders.map((der) => pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der)));
}
