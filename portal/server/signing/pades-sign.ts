import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { SignPdf } from "@signpdf/signpdf";
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";
import { AppError } from "@tremplin/domain/errors";
import * as asn1js from "asn1js";
import { PDFDocument } from "pdf-lib";
import * as pkijs from "pkijs";
import { contentInfoDer, parseSignedData, signCms } from "./cms";
import { embeddedCertificates } from "./cms-verify";
import { sha256, toArrayBuffer } from "./der";
import { appendDssTo } from "./dss";
import { oid } from "./oids";
import type { SigningIdentity } from "./organisation-pki";
import type { Timestamper } from "./timestamper";
import { certificateDer } from "./x509";

/**
 * Room for the CMS in /Contents, in hex digits (the placeholder helper counts them so). The CMS
 * holds the certificates it carries, the token with the TSA's, and under 2 KiB besides; with the
 * TSA's certificates unknown, 10 KiB (an external TSA's chain can be long). Every byte of room is
 * in every file and read by every check, so it is sized rather than fixed.
 */
function signatureRoom(options: SignPdfOptions): number {
  if (!options.tsaCertificates) return 20_480;
  const certificates = [options.signer.certificateDer, ...options.signer.chain, ...options.tsaCertificates];
  return 2 * (certificates.reduce((sum, der) => sum + der.length, 0) + 4096);
}

export type SignPdfOptions = {
  signer: SigningIdentity;
  timestamper: Timestamper;
  reason: string;
  location: string;
  /** CRLs of the signer's chain (DER), stored in the DSS for B-LT. */
  crls: Uint8Array[];
  /** The TSA's certificates for the DSS; read from each token when not given. */
  tsaCertificates?: Uint8Array[];
  /** The claimed signing time (/M); the time-stamp is what proves it. */
  signingTime?: Date;
};

/** A detached CAdES signature with its signature time-stamp, for @signpdf to place in /Contents. */
class CadesSigner extends Signer {
  tokenCertificates: Uint8Array[] = [];

  constructor(private readonly options: SignPdfOptions) {
    super();
  }

  override async sign(signedBytes: Buffer): Promise<Buffer> {
    const { signer, timestamper } = this.options;
    const signedData = await signCms({
      identity: signer,
      contentType: oid.data,
      digest: sha256(signedBytes),
      certificates: [signer.certificateDer, ...signer.chain],
    });
    const signerInfo = signedData.signerInfos[0]!;
    // RFC 3161 appendix A / ETSI EN 319 122-1 §5.3: the token time-stamps the signature value.
    const signatureValue = new Uint8Array(signerInfo.signature.valueBlock.valueHexView);
    const token = await timestamper.stamp(sha256(signatureValue));
    // The TSA's certificate goes into the DSS: from the options when known, else from the token.
    this.tokenCertificates =
      this.options.tsaCertificates ?? embeddedCertificates(parseSignedData(token)).map(certificateDer);
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [
        new pkijs.Attribute({
          type: oid.signatureTimeStampToken,
          values: [asn1js.fromBER(toArrayBuffer(token)).result],
        }),
      ],
    });
    return Buffer.from(contentInfoDer(signedData));
  }
}

/**
 * Signs a PDF as PAdES baseline (ETSI EN 319 142-1): a signature dictionary with SubFilter
 * ETSI.CAdES.detached whose /Contents is a CMS SignedData over the ByteRange (every byte but the
 * /Contents value), signing-certificate-v2 signed, the signature time-stamp unsigned (B-T), then
 * an incremental update with the DSS holding the chain, the TSA's certificate and the CRLs (B-LT).
 * Throws the timestamper's AppError "unavailable" when no time-stamp could be had: no PDF leaves
 * without one.
 */
export async function signPdf(pdfBytes: Uint8Array, options: SignPdfOptions): Promise<Uint8Array> {
  return signPdfDocument(await PDFDocument.load(pdfBytes, { updateMetadata: false }), options);
}

/**
 * signPdf for a document still in memory (just rendered): it is saved once, with the signature
 * placeholder, instead of saved, parsed again and saved again.
 */
export async function signPdfDocument(document: PDFDocument, options: SignPdfOptions): Promise<Uint8Array> {
  pdflibAddPlaceholder({
    pdfDoc: document,
    reason: options.reason,
    location: options.location,
    name: commonName(options.signer.certificate),
    contactInfo: "",
    signingTime: options.signingTime ?? new Date(),
    signatureLength: signatureRoom(options),
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
  const withPlaceholder = await document.save({ useObjectStreams: false, updateFieldAppearances: false });
  const cades = new CadesSigner(options);
  const signed = await new SignPdf().sign(Buffer.from(withPlaceholder), cades).catch((error: unknown) => {
    // The room was sized from the TSA certificates configured: a token carrying more (its
    // intermediates) does not fit. Said plainly, since only the configuration can fix it.
    if (error instanceof Error && /exceeds placeholder length/.test(error.message))
      throw new AppError(
        "config_invalid",
        "La signature dépasse la place prévue : donnez toute la chaîne de l'autorité d'horodatage dans TREMPLIN_TSA_CERT_FILE.",
        { cause: error },
      );
    throw error;
  });
  const certificates = unique([
    options.signer.certificateDer,
    ...options.signer.chain,
    ...cades.tokenCertificates,
  ]);
  // The signed bytes differ from what was saved only inside /Contents and /ByteRange (same
  // lengths), so the saved document still describes the revision's objects and trailer.
  return appendDssTo(new Uint8Array(signed), document, { certificates, crls: options.crls });
}

function commonName(cert: pkijs.Certificate): string {
  const cn = cert.subject.typesAndValues.find((t) => t.type === oid.commonName);
  return cn ? String(cn.value.valueBlock.value) : "";
}

function unique(items: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = Buffer.from(item).toString("base64");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
