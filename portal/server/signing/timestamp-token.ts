import * as pkijs from "pkijs";
import { parseSignedData, signingCertificateMatches } from "./cms";
import { embeddedCertificates, findSignerCertificate, type Outcome, verifySignerInfo } from "./cms-verify";
import { equalBytes, sha256 } from "./der";
import { oid } from "./oids";
import { certificateDer, parseCertificate } from "./x509";

export type TokenCheck = Outcome & { genTime?: Date; tsaCertificate?: pkijs.Certificate };

/** The TSTInfo inside a time-stamp token, or throws with what was wrong. */
export function readTstInfo(signedData: pkijs.SignedData): pkijs.TSTInfo {
  if (signedData.encapContentInfo.eContentType !== oid.tstInfo)
    throw new Error("ce n'est pas un jeton d'horodatage");
  const content = signedData.encapContentInfo.eContent;
  if (!content) throw new Error("jeton d'horodatage sans TSTInfo");
  return pkijs.TSTInfo.fromBER(content.getValue());
}

/**
 * Checks an RFC 3161 TimeStampToken against the SHA-256 `digest` it should time-stamp: the
 * TSTInfo's imprint is that digest, the token is signed by one of `trustedTsaCertificates` (the
 * very certificate, by its bytes: the trust bundle names the TSA), signing-certificate-v2 names it,
 * the signature verifies, and genTime falls within the TSA certificate's validity.
 */
export async function verifyTimestampToken(
  tokenDer: Uint8Array,
  digest: Uint8Array,
  trustedTsaCertificates: Uint8Array[],
): Promise<TokenCheck> {
  let signedData: pkijs.SignedData;
  let tstInfo: pkijs.TSTInfo;
  try {
    signedData = parseSignedData(tokenDer);
    tstInfo = readTstInfo(signedData);
  } catch (error) {
    return { ok: false, detail: `jeton illisible : ${(error as Error).message}` };
  }
  const imprint = tstInfo.messageImprint;
  if (imprint.hashAlgorithm.algorithmId !== oid.sha256)
    return { ok: false, detail: "empreinte horodatée autre que SHA-256" };
  if (!equalBytes(new Uint8Array(imprint.hashedMessage.valueBlock.valueHexView), digest))
    return { ok: false, detail: "le jeton horodate une autre empreinte" };
  const trusted = trustedTsaCertificates.map(parseCertificate);
  const tsaCert = findSignerCertificate(signedData, [...trusted, ...embeddedCertificates(signedData)]);
  if (!tsaCert) return { ok: false, detail: "certificat de l'autorité d'horodatage introuvable" };
  const tsaDer = certificateDer(tsaCert);
  if (!trustedTsaCertificates.some((der) => equalBytes(der, tsaDer)))
    return { ok: false, detail: "jeton signé par une autorité d'horodatage inconnue" };
  if (!signingCertificateMatches(signedData, tsaDer))
    return {
      ok: false,
      detail: "l'attribut signing-certificate-v2 ne désigne pas le certificat de l'autorité",
    };
  const content = new Uint8Array(signedData.encapContentInfo.eContent!.getValue());
  const signature = await verifySignerInfo(signedData, tsaCert, sha256(content));
  if (!signature.ok) return signature;
  const genTime = tstInfo.genTime;
  if (genTime < tsaCert.notBefore.value || genTime > tsaCert.notAfter.value)
    return { ok: false, detail: "horodatage hors de la période de validité du certificat de l'autorité" };
  return { ok: true, detail: `horodaté le ${genTime.toISOString()}`, genTime, tsaCertificate: tsaCert };
}
