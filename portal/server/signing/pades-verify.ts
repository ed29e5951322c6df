import * as asn1js from "asn1js";
import { PDFDocument } from "pdf-lib";
import type * as pkijs from "pkijs";
import { parseSignedData, signedAttribute, signingCertificateMatches } from "./cms";
import {
  embeddedCertificates,
  findSignerCertificate,
  parseCrls,
  verifyChain,
  verifySignerInfo,
} from "./cms-verify";
import { equalBytes, sha256 } from "./der";
import { appendDssTo, readDssUpdate, type ValidationData } from "./dss";
import { oid } from "./oids";
import { checkByteRange, findRawByteRange, findSignatures, type PdfSignature } from "./pdf-signature";
import { type TokenCheck, verifyTimestampToken } from "./timestamp-token";
import type { Trust } from "./trust-bundle";
import { certificateDer, commonNameOf, parseCertificate } from "./x509";

export type Check = { name: string; ok: boolean; detail: string };
export type PdfVerification = { ok: boolean; checks: Check[]; documentSha256: string };

/** Larger than any certificate we make by far; an upload past it is refused before parsing. */
export const maxPdfBytes = 10 * 1024 * 1024;

const names = {
  file: "Fichier PDF",
  byteRange: "Plage signée (ByteRange)",
  appended: "Ajouts après la signature",
  digest: "Empreinte du document",
  signature: "Signature CMS (PAdES)",
  chain: "Certificat du signataire",
  timestamp: "Horodatage de la signature (RFC 3161)",
  signingTime: "Heure de signature",
  validationData: "Données de validation (PAdES B-LT)",
} as const;

/**
 * Checks a PDF signed by signPdf against the trust anchors, and says why for each point, in the
 * order an auditor reads them. Never throws: a PDF that is not ours, truncated, oversized or
 * altered gives failed checks, and the checks that could not be made say so.
 */
export async function verifySignedPdf(
  bytes: Uint8Array,
  trust: Pick<Trust, "caCertificates" | "tsaCertificates">,
): Promise<PdfVerification> {
  const checks: Check[] = [];
  const documentSha256 = Buffer.from(sha256(bytes)).toString("hex");
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  try {
    await runChecks(bytes, trust, add);
  } catch (error) {
    add("Vérification", false, `interrompue : ${(error as Error).message}`);
  }
  for (const name of Object.values(names))
    if (!checks.some((c) => c.name === name))
      add(name, false, "non vérifié (une vérification précédente a échoué)");
  return { ok: checks.every((c) => c.ok), checks, documentSha256 };
}

type Add = (name: string, ok: boolean, detail: string) => void;

async function runChecks(
  bytes: Uint8Array,
  trust: Pick<Trust, "caCertificates" | "tsaCertificates">,
  add: Add,
) {
  if (bytes.length > maxPdfBytes)
    return add(names.file, false, `trop volumineux (${bytes.length} octets, ${maxPdfBytes} au plus)`);
  if (Buffer.from(bytes.subarray(0, 5)).toString("latin1") !== "%PDF-")
    return add(names.file, false, "ce n'est pas un fichier PDF");
  const raw = findRawByteRange(bytes);
  if (!raw) return add(names.file, false, "aucune signature, ou plus d'une (une seule /ByteRange attendue)");
  // Only the signed revision is parsed: what follows it must be our DSS update, checked by bytes.
  const revisionEnd = raw[2] + raw[3];
  const revision = bytes.subarray(0, Math.min(revisionEnd, bytes.length));
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(revision, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (error) {
    return add(names.file, false, `illisible ou tronqué (${(error as Error).message})`);
  }
  const signatures = findSignatures(document);
  if (signatures.length !== 1 || signatures[0]!.byteRange.join(" ") !== raw.join(" "))
    return add(
      names.file,
      false,
      "le dictionnaire de signature ne correspond pas à la /ByteRange du fichier",
    );
  const signature = signatures[0]!;
  add(names.file, true, `${bytes.length} octets, une signature ${signature.subFilter ?? "(sans SubFilter)"}`);
  const range = checkByteRange(bytes, signature);
  add(names.byteRange, range.ok, range.detail);
  if (!range.revisionEnd) return;
  const dss = checkAppended(bytes, document, range.revisionEnd, add);
  await checkSignature(bytes, signature, dss, trust, add);
}

/**
 * After the signed revision, only our DSS update may follow, byte for byte as appendDssTo makes
 * it from that revision. Returns the DSS's data once it passed, for the chain and B-LT checks.
 */
function checkAppended(bytes: Uint8Array, revision: PDFDocument, revisionEnd: number, add: Add) {
  if (revisionEnd === bytes.length) {
    add(names.appended, true, "aucun");
    return undefined;
  }
  const extra = `${bytes.length - revisionEnd} octets ajoutés après la signature`;
  const dss = readDssUpdate(bytes.subarray(revisionEnd));
  let expected: Uint8Array | undefined;
  try {
    expected = dss && appendDssTo(bytes.subarray(0, revisionEnd), revision, dss);
  } catch {
    expected = undefined;
  }
  if (!dss || !expected || !equalBytes(expected, bytes)) {
    add(names.appended, false, `${extra}, qui ne sont pas seulement les données de validation (DSS)`);
    return undefined;
  }
  add(names.appended, true, "seulement les données de validation (DSS : certificats et CRL)");
  return dss;
}

async function checkSignature(
  bytes: Uint8Array,
  signature: PdfSignature,
  dss: ValidationData | undefined,
  trust: Pick<Trust, "caCertificates" | "tsaCertificates">,
  add: Add,
) {
  const [, gapStart, gapEnd, tail] = signature.byteRange;
  const signedDigest = sha256(
    Buffer.concat([bytes.subarray(0, gapStart), bytes.subarray(gapEnd, gapEnd + tail)]),
  );
  let signedData: pkijs.SignedData;
  try {
    signedData = parseSignedData(signature.contents);
  } catch (error) {
    return add(names.digest, false, `signature illisible (${(error as Error).message})`);
  }
  const digest = signedAttribute(signedData, oid.messageDigest);
  const digestOk =
    digest instanceof asn1js.OctetString &&
    equalBytes(new Uint8Array(digest.valueBlock.valueHexView), signedDigest);
  const hex = Buffer.from(signedDigest).toString("hex");
  // The bytes signed are the file but the signature itself: their hash is not the file's.
  add(
    names.digest,
    digestOk,
    digestOk
      ? `SHA-256 des octets signés (le fichier moins sa signature) : ${hex}`
      : "le document a changé depuis sa signature",
  );
  const candidates = [
    ...embeddedCertificates(signedData),
    ...(dss?.certificates ?? []).map(parseCertificate),
  ];
  const signer = findSignerCertificate(signedData, candidates);
  if (!signer) return add(names.signature, false, "certificat du signataire introuvable");
  add(names.signature, ...(await checkCms(signedData, signer, signedDigest, signature.subFilter)));
  const token = await checkTimestamp(signedData, trust.tsaCertificates);
  add(names.timestamp, token.ok, token.detail);
  const at = token.genTime ?? new Date();
  const crls = parseCrls(dss?.crls ?? []);
  const chain = await verifyChain({
    leaf: signer,
    intermediates: candidates.filter((c) => c !== signer),
    trusted: trust.caCertificates.map(parseCertificate),
    crls,
    checkDate: at,
  });
  add(names.chain, chain.ok, `${chain.detail}, au ${at.toISOString()}`);
  const { notBefore, notAfter } = signer;
  const within = at >= notBefore.value && at <= notAfter.value;
  const validity = `la validité du certificat (${notBefore.value.toISOString()} – ${notAfter.value.toISOString()})`;
  add(
    names.signingTime,
    token.ok && within,
    token.ok
      ? `${at.toISOString()} ${within ? "dans" : "hors de"} ${validity}`
      : "sans horodatage valide, l'heure de signature n'est pas prouvée",
  );
  add(names.validationData, ...(await checkRevocationData(signer, candidates, crls, at)));
}

/** The CMS signature, its signing-certificate-v2, and that it is a detached CAdES one. */
async function checkCms(
  signedData: pkijs.SignedData,
  signer: pkijs.Certificate,
  signedDigest: Uint8Array,
  subFilter: string | undefined,
): Promise<[boolean, string]> {
  if (subFilter !== "ETSI.CAdES.detached" || signedData.encapContentInfo.eContent)
    return [false, "pas une signature ETSI.CAdES.detached"];
  if (!signingCertificateMatches(signedData, certificateDer(signer)))
    return [false, "signing-certificate-v2 ne désigne pas ce certificat"];
  const cms = await verifySignerInfo(signedData, signer, signedDigest);
  return [cms.ok, cms.ok ? `${cms.detail} (${commonNameOf(signer.subject)})` : cms.detail];
}

/** The signature time-stamp (an unsigned attribute) over the signature value. */
async function checkTimestamp(
  signedData: pkijs.SignedData,
  tsaCertificates: Uint8Array[],
): Promise<TokenCheck> {
  const signerInfo = signedData.signerInfos[0]!;
  const token = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === oid.signatureTimeStampToken)
    ?.values[0];
  if (!token) return { ok: false, detail: "aucun jeton d'horodatage (id-aa-signatureTimeStampToken)" };
  const signatureValue = new Uint8Array(signerInfo.signature.valueBlock.valueHexView);
  // The token's bytes as they are in the signature (what the TSA signed), not encoded again.
  return verifyTimestampToken(
    new Uint8Array(token.valueBeforeDecodeView),
    sha256(signatureValue),
    tsaCertificates,
  );
}

/**
 * B-LT: a CRL of the signer's issuer is in the document, signed by that issuer and current at
 * the time-stamp's time, so the signer's status at signing can be read offline years later.
 */
async function checkRevocationData(
  signer: pkijs.Certificate,
  certificates: pkijs.Certificate[],
  crls: pkijs.CertificateRevocationList[],
  at: Date,
): Promise<[boolean, string]> {
  const issuer = certificates.find((c) => c.subject.isEqual(signer.issuer));
  const crl = crls.find((c) => c.issuer.isEqual(signer.issuer));
  if (!issuer || !crl) return [false, "pas de CRL de l'émetteur du signataire dans le document"];
  const signed = await crl.verify({ issuerCertificate: issuer }).catch(() => false);
  const current = crl.thisUpdate.value <= at && (!crl.nextUpdate || at <= crl.nextUpdate.value);
  if (!signed) return [false, "la CRL n'est pas signée par l'émetteur du signataire"];
  if (!current)
    return [
      false,
      `la CRL (${crl.thisUpdate.value.toISOString()}) n'est pas en vigueur à l'heure de signature`,
    ];
  return [
    true,
    `chaîne et CRL de ${commonNameOf(crl.issuer)} (émise le ${crl.thisUpdate.value.toISOString()}) dans le document`,
  ];
}
