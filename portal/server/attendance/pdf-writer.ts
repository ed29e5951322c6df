import "server-only";
import { readFile } from "node:fs/promises";
import fontkit from "@pdf-lib/fontkit";
import { AppError } from "@tremplin/domain/errors";
import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";

// The 14 standard PDF fonts only know WinAnsi: "œ", "’" or a Polish surname would not print.
// DejaVu (Debian's fonts-dejavu-core) covers Latin, Greek and Cyrillic and is embedded, subset.
const fontDir = "/usr/share/fonts/truetype/dejavu";
let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

function loadFonts() {
  fonts ??= Promise.all([
    readFile(`${fontDir}/DejaVuSans.ttf`),
    readFile(`${fontDir}/DejaVuSans-Bold.ttf`),
  ]).then(
    ([regular, bold]) => ({ regular, bold }),
    (error) => {
      fonts = undefined;
      throw new AppError(
        "config_invalid",
        `Police DejaVu introuvable dans ${fontDir} (paquet fonts-dejavu-core)`,
        {
          cause: error,
        },
      );
    },
  );
  return fonts;
}

export const a4Landscape: [number, number] = [841.89, 595.28];
export const margin = 36;
export const ink = rgb(0.1, 0.12, 0.16);
export const muted = rgb(0.35, 0.38, 0.43);

export type TextStyle = { size?: number; bold?: boolean; color?: ReturnType<typeof rgb> };

/** A PDF being written top-down: the current page and how far down it is filled. */
export class PdfWriter {
  page!: PDFPage;
  y = 0;

  private constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {}

  static async create(meta: { title: string; subject: string; now: Date }): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const { regular, bold } = await loadFonts();
    const writer = new PdfWriter(
      doc,
      await doc.embedFont(regular, { subset: true }),
      await doc.embedFont(bold, { subset: true }),
    );
    doc.setTitle(meta.title);
    doc.setSubject(meta.subject);
    doc.setLanguage("fr-FR");
    doc.setCreator("Tremplin");
    doc.setProducer("Tremplin (pdf-lib)");
    doc.setCreationDate(meta.now);
    doc.setModificationDate(meta.now);
    return writer;
  }

  newPage(): void {
    this.page = this.doc.addPage(a4Landscape);
    this.y = a4Landscape[1] - margin;
  }

  get bottom(): number {
    return margin + 40;
  }

  font(style: TextStyle): PDFFont {
    return style.bold ? this.bold : this.regular;
  }

  text(value: string, x: number, y: number, style: TextStyle = {}): void {
    this.page.drawText(value, {
      x,
      y,
      size: style.size ?? 9,
      font: this.font(style),
      color: style.color ?? ink,
    });
  }

  /** Lines of at most `width` points; a word longer than a line is cut. */
  wrap(value: string, width: number, style: TextStyle = {}): string[] {
    const font = this.font(style);
    const size = style.size ?? 9;
    const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
    const lines: string[] = [];
    for (const paragraph of value.split("\n")) {
      let line = "";
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word;
        if (fits(candidate)) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        line = word;
        while (!fits(line)) {
          let cut = line.length - 1;
          while (cut > 1 && !fits(line.slice(0, cut))) cut--;
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      }
      lines.push(line);
    }
    return lines;
  }

  rect(x: number, y: number, width: number, height: number, fill: ReturnType<typeof rgb>): void {
    this.page.drawRectangle({ x, y, width, height, color: fill });
  }

  line(x1: number, y1: number, x2: number, y2: number): void {
    this.page.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness: 0.5, color: muted });
  }
}
