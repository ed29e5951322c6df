import { PDFArray, PDFDict, type PDFDocument, PDFHexString, PDFName, PDFNumber } from "pdf-lib";
import type { Outcome } from "./cms-verify";

/** The one signature of a document as its dictionary says it: what it covers and what it holds. */
export type PdfSignature = {
  byteRange: [number, number, number, number];
  /** The /Contents value, zero padding included. */
  contents: Uint8Array;
  subFilter: string | undefined;
  /** The claimed signing time (/M), as written. */
  claimedTime: string | undefined;
};

/** The signature dictionaries of the document's signature fields (ISO 32000-1 §12.7.4.5). */
export function findSignatures(document: PDFDocument): PdfSignature[] {
  const form = document.catalog.lookupMaybe(PDFName.of("AcroForm"), PDFDict);
  const fields = form?.lookupMaybe(PDFName.of("Fields"), PDFArray)?.asArray() ?? [];
  const found: PdfSignature[] = [];
  for (const ref of fields) {
    const field = document.context.lookup(ref);
    if (!(field instanceof PDFDict) || field.get(PDFName.of("FT"))?.toString() !== "/Sig") continue;
    const value = field.lookupMaybe(PDFName.of("V"), PDFDict);
    if (!value) continue;
    const range = value.lookupMaybe(PDFName.of("ByteRange"), PDFArray)?.asArray() ?? [];
    const numbers = range.map((n) => (n instanceof PDFNumber ? n.asNumber() : Number.NaN));
    const contents = value.lookupMaybe(PDFName.of("Contents"), PDFHexString);
    found.push({
      byteRange: numbers as PdfSignature["byteRange"],
      contents: contents ? contents.asBytes() : new Uint8Array(),
      subFilter: value.get(PDFName.of("SubFilter"))?.toString().slice(1),
      claimedTime: value.get(PDFName.of("M"))?.toString(),
    });
  }
  return found;
}

/**
 * Whether the ByteRange covers the whole signed revision but the /Contents hex string: it starts
 * at 0, the gap holds exactly `<hex>` of the signature, and it ends where the revision ends (at
 * the end of the file, or where the DSS update begins).
 */
export function checkByteRange(
  bytes: Uint8Array,
  signature: PdfSignature,
): Outcome & { revisionEnd?: number } {
  const [start, gapStart, gapEnd, tailLength] = signature.byteRange;
  const integers =
    signature.byteRange.length === 4 && signature.byteRange.every((n) => Number.isSafeInteger(n) && n >= 0);
  if (!integers) return { ok: false, detail: "ByteRange malformé (quatre entiers positifs attendus)" };
  const revisionEnd = gapEnd! + tailLength!;
  if (start !== 0 || gapStart! <= 0 || gapEnd! <= gapStart! || revisionEnd > bytes.length)
    return {
      ok: false,
      detail: `ByteRange incohérent avec le fichier (${signature.byteRange.join(" ")}, ${bytes.length} octets)`,
    };
  const gap = Buffer.from(bytes.subarray(gapStart!, gapEnd!)).toString("latin1");
  if (!/^<[0-9A-Fa-f]*>$/.test(gap) || gap.length !== signature.contents.length * 2 + 2)
    return {
      ok: false,
      detail: "la partie non couverte n'est pas exactement la valeur /Contents de la signature",
    };
  if (Buffer.from(gap.slice(1, -1), "hex").compare(Buffer.from(signature.contents)) !== 0)
    return { ok: false, detail: "la partie non couverte n'est pas la signature déclarée" };
  return {
    ok: true,
    detail: `octets 0–${gapStart! - 1} et ${gapEnd}–${revisionEnd - 1} signés, seule la signature en est exclue`,
    revisionEnd,
  };
}

/**
 * The ByteRange as the file's bytes spell it, found without parsing the PDF: it tells where the
 * signed revision ends, so that only that revision is parsed. Undefined unless exactly one
 * `/ByteRange [a b c d]` is there; the parsed signature dictionary must then say the same.
 */
export function findRawByteRange(bytes: Uint8Array): PdfSignature["byteRange"] | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = buffer.indexOf("/ByteRange");
  if (first === -1 || buffer.indexOf("/ByteRange", first + 1) !== -1) return undefined;
  const text = buffer.subarray(first, first + 80).toString("latin1");
  const match = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text);
  return match ? (match.slice(1).map(Number) as PdfSignature["byteRange"]) : undefined;
}
