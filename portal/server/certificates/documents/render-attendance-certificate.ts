import { parseOrThrow } from "@tremplin/domain/errors";
import type { PDFDocument } from "pdf-lib";
import { type DocumentFields, documentFieldsSchema, type HalfDay } from "./document-fields";
import { type Frame, openFrame } from "./document-frame";
import { hours, longDate, percent, shortDate } from "./french";
import { colours, type PageWriter } from "./page-writer";
import { modality, signatoryIntro } from "./render-completion-certificate";
import { drawSignatureBlock, signatureBlockHeight } from "./signature-block";

const rowHeight = 13;

/**
 * The *attestation d'assiduité*: the hours the learner attended out of those planned, with the
 * rate, and when given the detail per day (morning and afternoon, attended / planned), as on the
 * attendance sheet. A4, text selectable, with the QR code and code of its verification page.
 */
export async function renderAttendanceCertificate(input: DocumentFields): Promise<Uint8Array> {
  return (await buildAttendanceCertificate(input)).save({ useObjectStreams: false });
}

/** The attestation as a pdf-lib document, for signPdfDocument to sign without a new parse. */
export async function buildAttendanceCertificate(input: DocumentFields): Promise<PDFDocument> {
  const fields = parseOrThrow(documentFieldsSchema, input, "Champs de l'attestation d'assiduité");
  const frame = await openFrame(fields, "Attestation d'assiduité");
  const w = frame.writer;
  w.paragraph(signatoryIntro(fields), { after: 14 });
  w.paragraph([{ text: fields.learner.name, bold: true }], { size: 15, align: "center", after: 14 });
  const { action } = fields;
  w.paragraph(
    [
      { text: "a suivi l'action " },
      { text: action.title, bold: true },
      { text: ` (${action.nature.toLocaleLowerCase("fr-FR")}), qui s'est déroulée du ` },
      { text: longDate(action.from), bold: true },
      { text: " au " },
      { text: longDate(action.to), bold: true },
      ...modality(fields).map((run) => ({ ...run, text: run.text.replace(/,$/, ".") })),
    ],
    { after: 16 },
  );
  drawSummary(w, action.attendedMinutes, action.plannedMinutes);
  if (fields.halfDays?.length) drawHalfDays(frame, fields.halfDays);
  if (frame.writer.y - signatureBlockHeight < frame.bottom) frame.writer = frame.addPage();
  drawSignatureBlock(frame.writer, fields);
  return frame.complete();
}

/** Three figures side by side: planned, attended, rate. */
function drawSummary(w: PageWriter, attended: number, planned: number): void {
  const figures = [
    ["Durée prévue", hours(planned)],
    ["Présence réalisée", hours(attended)],
    ["Taux d'assiduité", planned > 0 ? percent(attended / planned) : "—"],
  ] as const;
  const height = 42;
  const cell = w.width / figures.length;
  w.page.drawRectangle({
    x: w.box.left,
    y: w.y - height,
    width: w.width,
    height,
    color: colours.band,
    borderColor: colours.rule,
    borderWidth: 0.6,
  });
  figures.forEach(([label, value], i) => {
    const centre = w.box.left + cell * i + cell / 2;
    const labelWidth = w.fonts.regular.widthOfTextAtSize(label, 8.5);
    const valueWidth = w.fonts.bold.widthOfTextAtSize(value, 14);
    w.text(label, { x: centre - labelWidth / 2, y: w.y - 16, size: 8.5, colour: colours.muted });
    w.text(value, { x: centre - valueWidth / 2, y: w.y - 33, size: 14, bold: true, colour: colours.accent });
  });
  w.space(height + 14);
}

const columns = [
  { label: "Date", at: 0 },
  { label: "Matin", at: 0.22 },
  { label: "Après-midi", at: 0.44 },
  { label: "Journée", at: 0.7 },
] as const;

/** Present / planned per half-day, one line a day; continues on a new page when it must. */
function drawHalfDays(frame: Frame, halfDays: HalfDay[]): void {
  const days = [...new Set(halfDays.map((h) => h.date))].sort();
  const cell = (h: HalfDay | undefined) =>
    h ? `${hours(h.attendedMinutes)} / ${hours(h.plannedMinutes)}` : "—";
  let w = frame.writer;
  w.paragraph(
    [{ text: "Détail par demi-journée", bold: true }, { text: " — présence réalisée / durée prévue" }],
    { size: 9.5, after: 4 },
  );
  const header = () => {
    for (const c of columns)
      w.text(c.label, {
        x: w.box.left + w.width * c.at + 4,
        y: w.y - 11,
        size: 8.5,
        bold: true,
        colour: colours.muted,
      });
    w.space(rowHeight);
    w.rule({ after: 0 });
  };
  header();
  days.forEach((date, i) => {
    if (w.y - rowHeight < frame.bottom) {
      w = frame.writer = frame.addPage();
      header();
    }
    const morning = halfDays.find((h) => h.date === date && h.period === "morning");
    const afternoon = halfDays.find((h) => h.date === date && h.period === "afternoon");
    const day = [morning, afternoon].filter((h): h is HalfDay => Boolean(h));
    const total = {
      attendedMinutes: day.reduce((s, h) => s + h.attendedMinutes, 0),
      plannedMinutes: day.reduce((s, h) => s + h.plannedMinutes, 0),
    } as HalfDay;
    if (i % 2 === 1)
      w.page.drawRectangle({
        x: w.box.left,
        y: w.y - rowHeight,
        width: w.width,
        height: rowHeight,
        color: colours.band,
      });
    const values = [shortDate(date), cell(morning), cell(afternoon), cell(total)];
    for (const [j, v] of values.entries())
      w.text(v, { x: w.box.left + w.width * columns[j]!.at + 4, y: w.y - 11, size: 9, bold: j === 3 });
    w.space(rowHeight);
  });
  w.rule({ after: 10 });
}
