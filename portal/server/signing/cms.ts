import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { equalBytes, sha256, toArrayBuffer } from "./der";
import { oid } from "./oids";
import type { SigningIdentity } from "./organisation-pki";
import { hashName, parseCertificate } from "./x509";

/**
 * RFC 5035 SigningCertificateV2 naming `cert` by its SHA-256 (the default algorithm, so left out
 * per DER) and its issuer and serial: binds the signature to this very certificate, as PAdES
 * (ETSI EN 319 142-1 §5.2.2) and RFC 5816 require.
 */
function signingCertificateV2(cert: pkijs.Certificate, der: Uint8Array): pkijs.Attribute {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new pkijs.GeneralName({ type: 4, value: cert.issuer }).toSchema()] }),
      cert.serialNumber,
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(der)) }), issuerSerial],
  });
  return new pkijs.Attribute({
    type: oid.signingCertificateV2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
  });
}

export type CmsSignRequest = {
  identity: SigningIdentity;
  /** The eContentType: id-data for a detached PDF signature, id-ct-TSTInfo for a time-stamp token. */
  contentType: string;
  /** SHA-256 of the content. */
  digest: Uint8Array;
  /** The content itself when it is encapsulated (a TSTInfo); absent for a detached signature. */
  eContent?: Uint8Array;
  /** Certificates to carry (DER: the signer's and its chain, or none); CRLs to carry. */
  certificates: Uint8Array[];
  crls?: Uint8Array[];
};

/** A CMS SignedData (RFC 5652) with contentType, messageDigest and signing-certificate-v2 signed. */
export async function signCms(request: CmsSignRequest): Promise<pkijs.SignedData> {
  const { identity } = request;
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({
        type: oid.contentType,
        values: [new asn1js.ObjectIdentifier({ value: request.contentType })],
      }),
      new pkijs.Attribute({
        type: oid.messageDigest,
        values: [new asn1js.OctetString({ valueHex: toArrayBuffer(request.digest) })],
      }),
      signingCertificateV2(identity.certificate, identity.certificateDer),
    ],
  });
  const certificates = request.certificates.map(parseCertificate);
  const signedData = new pkijs.SignedData({
    version: request.contentType === oid.data ? 1 : 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: request.contentType,
      ...(request.eContent
        ? { eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(request.eContent) }) }
        : {}),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: identity.certificate.issuer,
          serialNumber: identity.certificate.serialNumber,
        }),
        signedAttrs,
      }),
    ],
    ...(certificates.length ? { certificates } : {}),
    ...(request.crls?.length
      ? { crls: request.crls.map((der) => pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der))) }
      : {}),
  });
  await signedData.sign(identity.privateKey, 0, hashName);
  return signedData;
}

/** ContentInfo { signedData } as DER: the form of a time-stamp token and of a PDF's /Contents. */
export function contentInfoDer(signedData: pkijs.SignedData): Uint8Array {
  const info = new pkijs.ContentInfo({ contentType: oid.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER(false));
}

/** Parses a ContentInfo holding SignedData, or throws with what was wrong. */
export function parseSignedData(der: Uint8Array): pkijs.SignedData {
  const info = pkijs.ContentInfo.fromBER(toArrayBuffer(der));
  if (info.contentType !== oid.signedData) throw new Error(`pas une SignedData CMS (${info.contentType})`);
  // The certificates ([0] IMPLICIT) are taken out before pkijs reads the rest and parsed through
  // the cache by their bytes: pkijs would check each against its schema twice, most of the cost
  // of reading a signature whose certificates are the same few every time.
  const content = info.content as asn1js.Sequence;
  const items = content.valueBlock.value;
  const at = items.findIndex((item) => item.idBlock.tagClass === 3 && item.idBlock.tagNumber === 0);
  const certificates =
    at === -1
      ? []
      : (items.splice(at, 1)[0] as asn1js.Constructed).valueBlock.value.map((cert) =>
          parseCertificate(new Uint8Array(cert.valueBeforeDecodeView)),
        );
  const signedData = new pkijs.SignedData({ schema: content });
  if (certificates.length) signedData.certificates = certificates;
  return signedData;
}

/** The signed attribute `type`'s first value, or undefined. */
export function signedAttribute(signedData: pkijs.SignedData, type: string): asn1js.AsnType | undefined {
  return signedData.signerInfos[0]?.signedAttrs?.attributes.find((a) => a.type === type)?.values[0];
}

/**
 * Whether the signing-certificate-v2 attribute names `certDer` by its SHA-256: a signature whose
 * certificate was swapped for another with the same key is refused.
 */
export function signingCertificateMatches(signedData: pkijs.SignedData, certDer: Uint8Array): boolean {
  const value = signedAttribute(signedData, oid.signingCertificateV2);
  if (!(value instanceof asn1js.Sequence)) return false;
  const certs = value.valueBlock.value[0];
  const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) return false;
  const [head] = first.valueBlock.value;
  // hashAlgorithm absent means SHA-256 (the DEFAULT); any other algorithm is not ours to accept.
  if (!(head instanceof asn1js.OctetString)) return false;
  return equalBytes(new Uint8Array(head.valueBlock.valueHexView), sha256(certDer));
}
