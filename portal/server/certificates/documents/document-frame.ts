import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import fontkit from "@pdf-lib/fontkit";
import {
  fill,
  PDFDocument,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingColor,
} from "pdf-lib";
import QRCode from "qrcode";
import type { DocumentFields } from "./document-fields";
import { labelled, longDate, nbsp, siret } from "./french";
import { colours, type Fonts, PageWriter } from "./page-writer";

/** DejaVu, from Debian's fonts-dejavu-core (installed by scripts/lib/prerequisites.mjs). */
const fontDir = "/usr/share/fonts/truetype/dejavu";
const a4 = [595.28, 841.89] as const;
const margin = { left: 62, right: 595.28 - 62, top: 841.89 - 54, bottom: 86 };

type FontFile = "regular" | "bold";
type ParsedFont = ReturnType<typeof fontkit.create>;
const fontFiles: Record<FontFile, string> = { regular: "DejaVuSans.ttf", bold: "DejaVuSans-Bold.ttf" };

/**
 * Parsed once per process and handed to every document: fontkit parses a TrueType font lazily,
 * table by table as text is laid out, and doing that again for each certificate took most of its
 * rendering time (about 20 ms a font). Each document still makes its own subset.
 */
/**
 * pdf-lib shapes every string it measures or draws with fontkit's `layout` (OpenType lookups:
 * the costliest step of rendering) and reads only the glyphs back. Most strings come back in
 * every certificate (the model's sentences, labels, months), so their glyph runs are kept, per
 * font, bounded. A glyph run is only read by pdf-lib, never changed.
 */
function memoiseLayout(font: ParsedFont): ParsedFont {
  const layout = font.layout.bind(font);
  const runs = new Map<string, ReturnType<ParsedFont["layout"]>>();
  font.layout = (text, features) => {
    if (features !== undefined) return layout(text, features);
    let run = runs.get(text);
    if (!run) {
      run = layout(text);
      if (runs.size >= 20_000) runs.clear();
      runs.set(text, run);
    }
    return run;
  };
  return font;
}

type LoadedFont = { bytes: Uint8Array; font: ParsedFont };
let parsedFonts: Promise<Record<FontFile, LoadedFont>> | undefined;
function loadFonts() {
  const load = async (key: FontFile): Promise<LoadedFont> => {
    const bytes = new Uint8Array(await readFile(`${fontDir}/${fontFiles[key]}`));
    return { bytes, font: memoiseLayout(fontkit.create(bytes)) };
  };
  parsedFonts ??= Promise.all([load("regular"), load("bold")]).then(([regular, bold]) => ({ regular, bold }));
  parsedFonts.catch(() => {
    parsedFonts = undefined;
  });
  return parsedFonts;
}

/**
 * ISO 32000-1 §9.6.4: a subset font's name is a tag of six capital letters, "+", then its name
 * (pdf-lib would write "DejaVuSans-1234", which tools and PDF/A validators do not take for a subset).
 */
function subsetName(name: string): string {
  const tag = Array.from(randomBytes(6), (b) => String.fromCharCode(65 + (b % 26))).join("");
  return `${tag}+${name}`;
}

/** A document being written; `complete()` adds each page's footer and hands the document over. */
export type Frame = {
  document: PDFDocument;
  writer: PageWriter;
  /** Where the body must stop, above the footer. */
  bottom: number;
  addPage(): PageWriter;
  complete(): PDFDocument;
};

export function verificationUrl(fields: DocumentFields): string {
  return `${fields.baseUrl.replace(/\/+$/, "")}/verifier/${fields.code}`;
}

/**
 * A new A4 document for `fields`: fonts embedded as subsets, metadata (Info and XMP) that say
 * what it is, the issuer's block and the QR code at the top of the first page, the title, and on
 * each page a footer telling how to check it. The caller writes the body through `writer`.
 */
export async function openFrame(fields: DocumentFields, title: string): Promise<Frame> {
  const document = await PDFDocument.create({ updateMetadata: false });
  const parsed = await loadFonts();
  // pdf-lib asks its fontkit to parse the bytes it embeds: answer with the font parsed once.
  document.registerFontkit({
    create: (bytes: Uint8Array) => (bytes === parsed.regular.bytes ? parsed.regular : parsed.bold).font,
  });
  const regular = await document.embedFont(parsed.regular.bytes, {
    subset: true,
    customName: subsetName("DejaVuSans"),
  });
  const bold = await document.embedFont(parsed.bold.bytes, {
    subset: true,
    customName: subsetName("DejaVuSans-Bold"),
  });
  const fonts: Fonts = { regular, bold };
  setMetadata(document, fields, title);
  const addPage = () => new PageWriter(document.addPage([...a4]), fonts, margin);
  const writer = addPage();
  drawHeader(writer, fields);
  writer.paragraph([{ text: title.toLocaleUpperCase("fr-FR"), bold: true }], {
    size: 19,
    align: "center",
    color: colours.accent,
    after: 2,
  });
  writer.paragraph("Action concourant au développement des compétences", {
    size: 9.5,
    align: "center",
    color: colours.muted,
    after: 14,
  });
  return {
    document,
    writer,
    bottom: margin.bottom,
    addPage,
    complete: () => {
      const pages = document.getPages();
      for (const [i, page] of pages.entries())
        drawFooter(new PageWriter(page, fonts, margin), fields, i + 1, pages.length);
      return document;
    },
  };
}

function drawHeader(writer: PageWriter, fields: DocumentFields): void {
  const { issuer } = fields;
  const qrSize = 78;
  const top = margin.top;
  drawQrCode(writer, verificationUrl(fields), { x: margin.right - qrSize, y: top - qrSize, size: qrSize });
  writer.text("Vérifier ce document", {
    x: margin.right - qrSize / 2 - 40,
    y: top - qrSize - 11,
    size: 7.5,
    colour: colours.muted,
  });
  writer.text(fields.code, {
    x: margin.right,
    y: top - qrSize - 22,
    size: 8.5,
    bold: true,
    alignRight: true,
  });
  const lines = [
    issuer.address,
    issuer.activityNumber ? labelled("Déclaration d'activité n°", issuer.activityNumber) : null,
    issuer.activityNumber ? "(cet enregistrement ne vaut pas agrément de l'État)" : null,
    issuer.siret ? labelled("SIRET", siret(issuer.siret)) : null,
  ].filter((l): l is string => Boolean(l));
  const blockWidth = writer.width - qrSize - 24;
  const block = new PageWriter(writer.page, writer.fonts, {
    left: margin.left,
    right: margin.left + blockWidth,
    top: top + 4,
  });
  block.paragraph([{ text: issuer.name, bold: true }], { size: 13, after: 3, color: colours.accent });
  for (const line of lines)
    block.paragraph(line, { size: 8.5, leading: 11.5, color: colours.muted, after: 0 });
  writer.y = Math.min(block.y, top - qrSize - 30) - 8;
  writer.rule({ after: 20 });
}

function drawQrCode(writer: PageWriter, url: string, at: { x: number; y: number; size: number }): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
  const count = qr.modules.size;
  const unit = at.size / count;
  // One filled rectangle (`re`) per horizontal run of dark modules, all filled at once: plain
  // operators rather than an SVG path for pdf-lib to parse, and a third of the squares.
  const operators = [pushGraphicsState(), setFillingColor(colours.ink)];
  for (let row = 0; row < count; row++)
    for (let col = 0; col < count; col++) {
      if (!qr.modules.get(row, col)) continue;
      const start = col;
      while (col + 1 < count && qr.modules.get(row, col + 1)) col++;
      const y = at.y + at.size - (row + 1) * unit;
      operators.push(
        rectangle(round(at.x + start * unit), round(y), round((col - start + 1) * unit), round(unit)),
      );
    }
  writer.page.pushOperators(...operators, fill(), popGraphicsState());
}

/** Hundredths of a point: enough for print, and short numbers in the content stream. */
const round = (n: number) => Math.round(n * 100) / 100;

function drawFooter(writer: PageWriter, fields: DocumentFields, page: number, pages: number): void {
  const y = margin.bottom - 30;
  writer.page.drawLine({
    start: { x: margin.left, y: y + 14 },
    end: { x: margin.right, y: y + 14 },
    thickness: 0.6,
    color: colours.rule,
  });
  const footer = new PageWriter(writer.page, writer.fonts, {
    left: margin.left,
    right: margin.right,
    top: y + 10,
  });
  footer.paragraph(
    `Document signé électroniquement par ${fields.issuer.name} (signature PAdES) et horodaté (RFC 3161). ` +
      `Son authenticité se vérifie sur ${verificationUrl(fields)} ou avec la commande tremplin-verify.`,
    { size: 7.5, leading: 10, color: colours.muted, after: 0 },
  );
  const emitted = `Certificat n°${nbsp}${fields.code} — émis le ${longDate(fields.issuedAt)}`;
  footer.text(emitted, { x: margin.left, y: footer.y - 12, size: 7.5, colour: colours.muted });
  footer.text(`Page ${page}/${pages}`, {
    x: margin.right,
    y: footer.y - 12,
    size: 7.5,
    colour: colours.muted,
    alignRight: true,
  });
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Info dictionary and an XMP packet saying the same (what PDF/A validators and archives read). */
function setMetadata(document: PDFDocument, fields: DocumentFields, title: string): void {
  const fullTitle = `${title} — ${fields.learner.name} — ${fields.action.title}`;
  const issued = new Date(fields.issuedAt);
  const producer = "Tremplin (pdf-lib)";
  document.setTitle(fullTitle, { showInWindowTitleBar: true });
  document.setAuthor(fields.issuer.name);
  document.setSubject(`${title} n° ${fields.code}`);
  document.setKeywords([fields.code, title]);
  document.setCreator("Tremplin");
  document.setProducer(producer);
  document.setLanguage("fr-FR");
  document.setCreationDate(issued);
  document.setModificationDate(issued);
  const iso = issued.toISOString();
  const xmp = `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(fullTitle)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>${escapeXml(fields.issuer.name)}</rdf:li></rdf:Seq></dc:creator>
<dc:language><rdf:Bag><rdf:li>fr-FR</rdf:li></rdf:Bag></dc:language>
<xmp:CreateDate>${iso}</xmp:CreateDate><xmp:ModifyDate>${iso}</xmp:ModifyDate><xmp:CreatorTool>Tremplin</xmp:CreatorTool>
<pdf:Producer>${producer}</pdf:Producer><pdf:Keywords>${escapeXml(fields.code)}</pdf:Keywords>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;
  // XMP is UTF-8 (a string would be written as Latin-1), and left uncompressed as PDF/A asks.
  const stream = document.context.stream(new TextEncoder().encode(xmp), { Type: "Metadata", Subtype: "XML" });
  document.catalog.set(PDFName.of("Metadata"), document.context.register(stream));
}
