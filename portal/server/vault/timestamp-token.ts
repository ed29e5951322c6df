// What the vault reads of an RFC 3161 TimeStampToken (a CMS SignedData holding a TSTInfo): the
// digest it time-stamps and when. Checking the TSA's signature and certificate is the signing
// module's job (it holds the trust anchors); this says which bytes the token is about. Pure.
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

const sha256Oid = "2.16.840.1.101.3.4.2.1";
const tstInfoOid = "1.2.840.113549.1.9.16.1.4";

export type TimestampImprint = { hashAlgorithm: "sha256" | string; digest: Uint8Array; genTime: Date };

const signedDataOid = "1.2.840.113549.1.7.2";

function child(block: asn1js.AsnType | undefined, index: number): asn1js.AsnType | undefined {
  const value = (block as asn1js.Constructed | undefined)?.valueBlock?.value;
  return Array.isArray(value) ? value[index] : undefined;
}

/**
 * Reads the TSTInfo of a DER TimeStampToken; throws when the bytes are not one. It walks
 * ContentInfo → SignedData → encapContentInfo by hand and lets pkijs parse the TSTInfo: pkijs'
 * full SignedData schema check costs 5 ms a token, a tenth of a proof bundle's time budget.
 */
export function readTimestampImprint(token: Uint8Array): TimestampImprint {
  // A copy: a Buffer's .slice() is a view on a shared pool, whose .buffer holds other data too.
  const asn = asn1js.fromBER(Uint8Array.from(token).buffer);
  if (asn.offset === -1) throw new Error("jeton d'horodatage illisible (DER)");
  const contentType = child(asn.result, 0);
  const signedData = child(child(asn.result, 1), 0);
  const encap = child(signedData, 2);
  const eContentType = child(encap, 0);
  const eContent = child(child(encap, 1), 0);
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.getValue() !== signedDataOid)
    throw new Error("jeton d'horodatage : ce n'est pas un SignedData CMS");
  if (!(eContentType instanceof asn1js.ObjectIdentifier) || eContentType.getValue() !== tstInfoOid)
    throw new Error("jeton d'horodatage sans TSTInfo");
  if (!(eContent instanceof asn1js.OctetString)) throw new Error("jeton d'horodatage : TSTInfo absent");
  const tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
  const algorithm = tstInfo.messageImprint.hashAlgorithm.algorithmId;
  return {
    hashAlgorithm: algorithm === sha256Oid ? "sha256" : algorithm,
    digest: new Uint8Array(tstInfo.messageImprint.hashedMessage.getValue()),
    genTime: tstInfo.genTime,
  };
}

/** DER length octets (X.690 §8.1.3). */
function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/**
 * Wraps a token in a TimeStampResp with status "granted" (RFC 3161 §2.4.2), the form
 * `openssl ts -verify -in <file> -data <checkpoint>` reads without `-token_in`.
 */
export function timestampResponse(token: Uint8Array): Uint8Array {
  const status = Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00);
  const body = Buffer.concat([status, token]);
  return new Uint8Array(Buffer.concat([Uint8Array.of(0x30), derLength(body.length), body]));
}
