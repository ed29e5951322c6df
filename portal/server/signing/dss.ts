import { PDFDict, type PDFDocument, PDFName, PDFRef } from "pdf-lib";

/** What a Document Security Store carries (ETSI EN 319 142-1 §5.4.2): certificates and CRLs, DER. */
export type ValidationData = { certificates: Uint8Array[]; crls: Uint8Array[] };

const latin1 = (text: string) => Buffer.from(text, "latin1");

/**
 * Appends to a signed PDF an incremental update (ISO 32000-1 §7.5.6) adding a /DSS to the
 * catalog with the certificates and CRLs a validator needs later, offline, once the signer's
 * certificate has expired (PAdES B-LT). Nothing before the update changes, so the signature
 * still covers its revision. `revision` is the signed revision parsed (or the document just
 * saved and signed: same objects, same trailer). The bytes depend only on the revision and the
 * data, so a verifier can make them again and tell that nothing else was appended.
 */
export function appendDssTo(
  signedRevision: Uint8Array,
  revision: PDFDocument,
  data: ValidationData,
): Uint8Array {
  const { context } = revision;
  const rootRef = context.trailerInfo.Root;
  if (!(rootRef instanceof PDFRef)) throw new Error("catalogue introuvable");
  const catalog = context.lookup(rootRef, PDFDict).clone(context);
  const startxref = findStartXref(signedRevision);
  let next = context.largestObjectNumber + 1;
  const parts: Buffer[] = [latin1("\n")];
  let offset = signedRevision.length + 1;
  const offsets: [number, number][] = [];
  const write = (objectNumber: number, head: string, body?: Uint8Array) => {
    offsets.push([objectNumber, offset]);
    const chunk = body
      ? Buffer.concat([
          latin1(`${objectNumber} 0 obj\n${head}\nstream\n`),
          body,
          latin1("\nendstream\nendobj\n"),
        ])
      : latin1(`${objectNumber} 0 obj\n${head}\nendobj\n`);
    parts.push(chunk);
    offset += chunk.length;
  };
  const streamRefs = (items: Uint8Array[]) =>
    items.map((der) => {
      const n = next++;
      write(n, `<< /Length ${der.length} >>`, der);
      return `${n} 0 R`;
    });
  const certs = streamRefs(data.certificates);
  const crls = streamRefs(data.crls);
  const dss = next++;
  write(dss, `<< /Type /DSS /Certs [${certs.join(" ")}] /CRLs [${crls.join(" ")}] >>`);
  catalog.set(PDFName.of("DSS"), PDFRef.of(dss));
  write(rootRef.objectNumber, catalog.toString());
  const xrefAt = offset;
  const entry = (at: number) => `${String(at).padStart(10, "0")} 00000 n\r\n`;
  const sorted = offsets.sort((a, b) => a[0] - b[0]);
  const sections = sorted.map(([n, at]) => `${n} 1\n${entry(at)}`).join("");
  const trailer = [`/Size ${next}`, `/Root ${rootRef.toString()}`, `/Prev ${startxref}`];
  for (const key of ["Info", "ID"] as const) {
    const value = context.trailerInfo[key];
    if (value) trailer.push(`/${key} ${value.toString()}`);
  }
  parts.push(latin1(`xref\n${sections}trailer\n<< ${trailer.join(" ")} >>\nstartxref\n${xrefAt}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat([Buffer.from(signedRevision), ...parts]));
}

/** The offset after the last `startxref` of a PDF: where its newest cross-reference section is. */
export function findStartXref(pdf: Uint8Array): number {
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 1024))).toString("latin1");
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match) throw new Error("fin de fichier PDF introuvable (startxref)");
  return Number(match[1]);
}

const streamHead = /(\d+) 0 obj\n<< \/Length (\d+) >>\nstream\n/y;
const streamTail = "\nendstream\nendobj\n";
const dssObject = /\d+ 0 obj\n<< \/Type \/DSS \/Certs \[([\d R]*)\] \/CRLs \[([\d R]*)\] >>\nendobj\n/y;

/**
 * The certificates and CRLs of an update in appendDssTo's own layout, read without a PDF parser:
 * the caller makes the update again from them and compares bytes, so a misread only fails.
 * Undefined when the bytes do not have that layout.
 */
export function readDssUpdate(appended: Uint8Array): ValidationData | undefined {
  const text = Buffer.from(appended.buffer, appended.byteOffset, appended.byteLength).toString("latin1");
  if (!text.startsWith("\n")) return undefined;
  const streams = new Map<number, Uint8Array>();
  let at = 1;
  for (;;) {
    streamHead.lastIndex = at;
    const head = streamHead.exec(text);
    if (!head) break;
    const start = at + head[0].length;
    const end = start + Number(head[2]);
    if (text.slice(end, end + streamTail.length) !== streamTail) return undefined;
    streams.set(Number(head[1]), appended.subarray(start, end));
    at = end + streamTail.length;
  }
  dssObject.lastIndex = at;
  const dss = dssObject.exec(text);
  if (!dss) return undefined;
  const refs = (list: string) => [...list.matchAll(/(\d+) 0 R/g)].map((m) => streams.get(Number(m[1])));
  const certificates = refs(dss[1]!);
  const crls = refs(dss[2]!);
  if ([...certificates, ...crls].some((s) => !s)) return undefined;
  return { certificates: certificates as Uint8Array[], crls: crls as Uint8Array[] };
}
