import { AppError } from "@tremplin/domain/errors";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { contentInfoDer, signCms } from "./cms";
import { randomPositiveInteger, sha256, toArrayBuffer } from "./der";
import { oid } from "./oids";
import type { SigningIdentity } from "./organisation-pki";

/** Digest lengths by algorithm: the imprints this TSA time-stamps (RFC 3161 §2.4.1). */
const digestLengths = new Map([
  [oid.sha256, 32],
  ["2.16.840.1.101.3.4.2.2", 48], // SHA-384
  ["2.16.840.1.101.3.4.2.3", 64], // SHA-512
]);

/** PKIFailureInfo bits (RFC 3161 §2.4.2). */
const failure = { badAlg: 0, badRequest: 2, badDataFormat: 5, unacceptedPolicy: 15 } as const;

/** Refuses a body that is no TimeStampReq at all: the route answers it with a 400. */
export function parseTimestampQuery(queryDer: Uint8Array): pkijs.TimeStampReq {
  const asn = asn1js.fromBER(toArrayBuffer(queryDer));
  if (asn.offset === -1 || asn.offset !== queryDer.length) {
    throw new AppError(
      "invalid_input",
      "Requête d'horodatage illisible : attendu une TimeStampReq DER (RFC 3161).",
    );
  }
  try {
    return new pkijs.TimeStampReq({ schema: asn.result });
  } catch (error) {
    throw new AppError(
      "invalid_input",
      "Requête d'horodatage illisible : ce n'est pas une TimeStampReq (RFC 3161).",
      {
        cause: error,
      },
    );
  }
}

function rejection(bit: number, text: string): Uint8Array {
  const bits = new Uint8Array(bit < 8 ? 1 : 2);
  bits[bit >> 3]! |= 0x80 >> (bit & 7);
  const status = new pkijs.PKIStatusInfo({
    status: pkijs.PKIStatus.rejection,
    statusStrings: [new asn1js.Utf8String({ value: text })],
    failInfo: new asn1js.BitString({ valueHex: bits.buffer, unusedBits: 0 }),
  });
  return new Uint8Array(new pkijs.TimeStampResp({ status }).toSchema().toBER(false));
}

/**
 * Answers a DER TimeStampReq with a DER TimeStampResp (RFC 3161 §2.4.2): a TSTInfo under our
 * policy with a random 128-bit serial, the time now (accuracy 1 s), the request's nonce echoed,
 * signed by the TSA key with signing-certificate-v2 (RFC 5816), and the TSA certificate included
 * only when the request asks for it (certReq). A request the TSA cannot serve (another hash,
 * another policy) gets a "rejection" status with its failure bit, as the RFC says; bytes that are
 * no request at all throw `invalid_input`.
 */
export async function respondToTimestampQuery(
  queryDer: Uint8Array,
  tsa: SigningIdentity,
  now: Date = new Date(),
): Promise<Uint8Array> {
  const request = parseTimestampQuery(queryDer);
  if (request.version !== 1) return rejection(failure.badRequest, "version 1 attendue");
  const imprint = request.messageImprint;
  const expected = digestLengths.get(imprint.hashAlgorithm.algorithmId);
  if (!expected) return rejection(failure.badAlg, "algorithme d'empreinte non pris en charge");
  if (imprint.hashedMessage.valueBlock.valueHexView.byteLength !== expected)
    return rejection(failure.badDataFormat, "empreinte de longueur incorrecte");
  if (request.reqPolicy && request.reqPolicy !== oid.builtInTsaPolicy)
    return rejection(failure.unacceptedPolicy, "politique d'horodatage inconnue");
  const token = await issueToken(tsa, {
    imprint,
    nonce: request.nonce,
    certReq: request.certReq ?? false,
    now,
  });
  const status = new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted });
  const timeStampToken = pkijs.ContentInfo.fromBER(toArrayBuffer(token));
  return new Uint8Array(new pkijs.TimeStampResp({ status, timeStampToken }).toSchema().toBER(false));
}

type TokenRequest = {
  imprint: pkijs.MessageImprint;
  nonce: asn1js.Integer | undefined;
  certReq: boolean;
  now: Date;
};

/** A TimeStampToken (ContentInfo of SignedData over a TSTInfo), DER. */
export async function issueToken(tsa: SigningIdentity, request: TokenRequest): Promise<Uint8Array> {
  const serial = randomPositiveInteger(16);
  // genTime in whole seconds: the accuracy says ±1 s, and OpenSSL prints no fraction then.
  const genTime = new Date(Math.floor(request.now.getTime() / 1000) * 1000);
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: oid.builtInTsaPolicy,
    messageImprint: request.imprint,
    serialNumber: new asn1js.Integer({ valueHex: toArrayBuffer(serial) }),
    genTime,
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(request.nonce ? { nonce: request.nonce } : {}),
  });
  const content = new Uint8Array(tstInfo.toSchema().toBER(false));
  const signedData = await signCms({
    identity: tsa,
    contentType: oid.tstInfo,
    digest: sha256(content),
    eContent: content,
    certificates: request.certReq ? [tsa.certificateDer] : [],
  });
  return contentInfoDer(signedData);
}
