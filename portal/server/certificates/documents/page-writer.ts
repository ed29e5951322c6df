import { type PDFFont, type PDFPage, rgb } from "pdf-lib";

export type Fonts = { regular: PDFFont; bold: PDFFont };
/** A run of text in one style; a paragraph is a list of runs. */
export type Run = { text: string; bold?: boolean };
export type ParagraphStyle = {
  size?: number;
  leading?: number;
  align?: "left" | "center";
  color?: Colour;
  after?: number;
  indent?: number;
};
type Colour = ReturnType<typeof rgb>;

/**
 * Text widths at size 1 by font and text: measuring runs fontkit's shaping, and the same words
 * ("de", "la", names of months) come back in every certificate. Bounded, so odd input cannot grow it.
 */
const widths = new Map<string, number>();
function measure(font: PDFFont, text: string, size: number): number {
  const key = `${font.name}\u0000${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    width = font.widthOfTextAtSize(text, 1);
    if (widths.size > 50_000) widths.clear();
    widths.set(key, width);
  }
  return width * size;
}

export const colours = {
  ink: rgb(0.1, 0.1, 0.12),
  muted: rgb(0.38, 0.4, 0.44),
  accent: rgb(0.1, 0.23, 0.4),
  rule: rgb(0.75, 0.78, 0.82),
  band: rgb(0.95, 0.96, 0.975),
};

/** A word may change style inside: "(Salle" is a regular parenthesis then a bold name. */
type Word = { parts: { text: string; font: PDFFont; width: number }[]; width: number; space: number };

/**
 * Writes flowing text down a page: runs split into words at ordinary spaces only (a no-break
 * space keeps `14 h 30` or `3 novembre` together), lines filled to the width, a cursor that moves
 * down. Text stays text: selectable and searchable in the PDF.
 */
export class PageWriter {
  y: number;

  constructor(
    readonly page: PDFPage,
    readonly fonts: Fonts,
    readonly box: { left: number; right: number; top: number },
  ) {
    this.y = box.top;
  }

  get width(): number {
    return this.box.right - this.box.left;
  }

  private font(run: Run): PDFFont {
    return run.bold ? this.fonts.bold : this.fonts.regular;
  }

  paragraph(runs: Run[] | string, style: ParagraphStyle = {}): void {
    const size = style.size ?? 11;
    const leading = style.leading ?? size * 1.45;
    const indent = style.indent ?? 0;
    const lines: Word[][] = [[]];
    let used = 0;
    for (const word of this.words(typeof runs === "string" ? [{ text: runs }] : runs, size)) {
      const line = lines[lines.length - 1]!;
      const previous = line[line.length - 1];
      const needed = (previous ? previous.space : 0) + word.width;
      if (line.length && used + needed > this.width - indent) {
        lines.push([word]);
        used = word.width;
      } else {
        line.push(word);
        used += needed;
      }
    }
    const color = style.color ?? colours.ink;
    for (const line of lines) {
      this.y -= leading;
      const lineWidth = line.reduce((sum, w, i) => sum + w.width + (i < line.length - 1 ? w.space : 0), 0);
      let x = this.box.left + indent + (style.align === "center" ? (this.width - indent - lineWidth) / 2 : 0);
      // One drawText per stretch in one font: each call shapes its text with fontkit, the
      // costliest step of rendering, so a line costs one or two calls rather than one per word.
      let stretch: { text: string; font: PDFFont; x: number } | undefined;
      const flush = () => {
        if (stretch)
          this.page.drawText(stretch.text, { x: stretch.x, y: this.y, size, font: stretch.font, color });
        stretch = undefined;
      };
      for (const [i, word] of line.entries()) {
        let at = x;
        for (const [j, part] of word.parts.entries()) {
          const spaced = j === word.parts.length - 1 && i < line.length - 1 ? " " : "";
          if (stretch && stretch.font === part.font) stretch.text += part.text + spaced;
          else {
            flush();
            stretch = { text: part.text + spaced, font: part.font, x: at };
          }
          at += part.width;
        }
        x += word.width + word.space;
      }
      flush();
    }
    this.y -= style.after ?? 6;
  }

  /** Words across runs: a run that does not start with a space continues the previous word. */
  private words(runs: Run[], size: number): Word[] {
    const words: Word[] = [];
    let separated = true;
    for (const run of runs) {
      const font = this.font(run);
      run.text.split(" ").forEach((text, i) => {
        if (i > 0) separated = true;
        if (!text) return;
        const part = { text, font, width: measure(font, text, size) };
        const previous = words[words.length - 1];
        if (previous && !separated) {
          previous.parts.push(part);
          previous.width += part.width;
        } else {
          if (previous) previous.space = measure(font, " ", size);
          words.push({ parts: [part], width: part.width, space: 0 });
        }
        separated = false;
      });
    }
    return words;
  }

  rule(options: { after?: number; colour?: Colour } = {}): void {
    this.page.drawLine({
      start: { x: this.box.left, y: this.y },
      end: { x: this.box.right, y: this.y },
      thickness: 0.6,
      color: options.colour ?? colours.rule,
    });
    this.y -= options.after ?? 10;
  }

  space(points: number): void {
    this.y -= points;
  }

  /** One line of text at an exact place, outside the flow (headers, table cells, footers). */
  text(
    text: string,
    at: { x: number; y: number; size?: number; bold?: boolean; colour?: Colour; alignRight?: boolean },
  ): void {
    const font = at.bold ? this.fonts.bold : this.fonts.regular;
    const size = at.size ?? 10;
    const x = at.alignRight ? at.x - font.widthOfTextAtSize(text, size) : at.x;
    this.page.drawText(text, { x, y: at.y, size, font, color: at.colour ?? colours.ink });
  }
}
