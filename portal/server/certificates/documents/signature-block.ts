import type { DocumentFields } from "./document-fields";
import { longDate } from "./french";
import { colours, type PageWriter } from "./page-writer";

/** Height the block takes below the cursor (points). */
export const signatureBlockHeight = 96;

/**
 * "Fait à …, le …" on the left and, on the right, who signs for the dispenser with the mention
 * of the electronic seal: the place where the model has the stamp and the handwritten signature.
 */
export function drawSignatureBlock(w: PageWriter, fields: DocumentFields): void {
  const top = w.y - 14;
  const place = fields.signedAt.city ? `Fait à ${fields.signedAt.city}, le ` : "Fait le ";
  const left = new (w.constructor as typeof PageWriter)(w.page, w.fonts, {
    left: w.box.left,
    right: w.box.left + w.width * 0.45,
    top: top + 11,
  });
  left.paragraph([{ text: place }, { text: longDate(fields.signedAt.date), bold: true }], { after: 0 });
  const x = w.box.left + w.width * 0.52;
  let y = top;
  const line = (
    text: string,
    options: { bold?: boolean; size?: number; colour?: typeof colours.ink } = {},
  ) => {
    w.text(text, { x, y, size: options.size ?? 10, bold: options.bold, colour: options.colour });
    y -= (options.size ?? 10) * 1.45;
  };
  line("Pour le dispensateur de l'action,", { colour: colours.muted, size: 9 });
  if (fields.issuer.signatoryName) line(fields.issuer.signatoryName, { bold: true });
  line(fields.issuer.signatoryRole ?? "Représentant(e) légal(e)", { size: 9.5 });
  y -= 4;
  w.page.drawRectangle({
    x: x - 6,
    y: y - 18,
    width: w.box.right - x + 6,
    height: 28,
    borderColor: colours.rule,
    borderWidth: 0.6,
  });
  line("Cachet et signature électroniques (PAdES),", { size: 8, colour: colours.muted });
  line(`horodatés — certificat ${fields.code}`, { size: 8, colour: colours.muted });
  w.y = Math.min(y, top - signatureBlockHeight + 14);
}
