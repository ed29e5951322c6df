import "server-only";
import { formatHours } from "@tremplin/domain/attendance";
import { count } from "@tremplin/domain/french";
import { frenchTime } from "@tremplin/domain/schedule";
import { rgb } from "pdf-lib";
import type { SessionAttendance } from "./get-session-attendance";
import { a4Landscape, margin, muted, PdfWriter } from "./pdf-writer";
import {
  describeCell,
  frenchDate,
  frenchDateTime,
  periodLabel,
  sessionDates,
  sessionPlace,
} from "./sheet-text";

const width = a4Landscape[0] - 2 * margin;
const lineHeight = 11.5;
type Column = { title: string; width: number };
const columns: Column[] = [
  { title: "Stagiaire", width: 130 },
  { title: "Statut", width: 50 },
  { title: "Preuves de présence (poste, à distance)", width: 268 },
  { title: "Durée retenue", width: 50 },
  { title: "Confirmation du stagiaire", width: 122 },
  { title: "Correction du formateur et motif", width: width - 130 - 50 - 268 - 50 - 122 },
];
const summaryColumns: Column[] = [
  { title: "Stagiaire", width: 230 },
  { title: "Identifiant", width: 170 },
  { title: "Demi-journées présent", width: 130 },
  { title: "Durée retenue", width: 110 },
  { title: "Durée prévue", width: width - 230 - 170 - 130 - 110 },
];
const headerFill = rgb(0.9, 0.93, 0.97);

type Block = { cells: string[][]; height: number; columns: Column[] };

function header(pdf: PdfWriter, a: SessionAttendance, subtitle: string): void {
  const { session } = a;
  pdf.newPage();
  pdf.text("Feuille d'émargement", margin, pdf.y - 14, { size: 16, bold: true });
  const org = session.organisationName;
  pdf.text(org, a4Landscape[0] - margin - pdf.regular.widthOfTextAtSize(org, 9), pdf.y - 12, {
    color: muted,
  });
  pdf.y -= 32;
  const facts: [string, string][] = [
    ["Formation", `${session.trainingTitle} (${session.trainingCode})`],
    [
      "Session",
      `${sessionDates(session)}, ${frenchTime(session.startsAt, session.timezone)}–${frenchTime(session.endsAt, session.timezone)}`,
    ],
    ["Lieu", sessionPlace(session)],
    ["Formateur", session.trainerName ?? "—"],
  ];
  for (const [label, value] of facts) {
    pdf.text(`${label} :`, margin, pdf.y, { bold: true });
    pdf.text(value, margin + 70, pdf.y);
    pdf.y -= 13;
  }
  pdf.y -= 4;
  pdf.text(subtitle, margin, pdf.y, { size: 11, bold: true });
  pdf.y -= 10;
}

function drawRow(pdf: PdfWriter, block: Block, fill?: ReturnType<typeof rgb>): void {
  const top = pdf.y;
  if (fill) pdf.rect(margin, top - block.height, width, block.height, fill);
  let x = margin;
  block.cells.forEach((lines, i) => {
    lines.forEach((l, j) => {
      pdf.text(l, x + 4, top - 10 - j * lineHeight, { bold: fill !== undefined });
    });
    x += block.columns[i]!.width;
  });
  pdf.line(margin, top - block.height, margin + width, top - block.height);
  pdf.y = top - block.height;
}

function block(pdf: PdfWriter, texts: string[], options: { bold?: boolean; columns?: Column[] } = {}): Block {
  const cols = options.columns ?? columns;
  const cells = texts.map((t, i) => pdf.wrap(t, cols[i]!.width - 8, { bold: options.bold ?? false }));
  return { cells, height: Math.max(...cells.map((c) => c.length)) * lineHeight + 5, columns: cols };
}

function halfDayPages(pdf: PdfWriter, a: SessionAttendance, index: number): void {
  const h = a.sheet.halfDays[index]!;
  const tz = a.session.timezone;
  const planned = formatHours(h.endsAt.getTime() - h.startsAt.getTime());
  const day = frenchDate(h.startsAt, tz);
  const subtitle = `${day.charAt(0).toUpperCase()}${day.slice(1)} — ${periodLabel[h.period]}, ${frenchTime(h.startsAt, tz)}–${frenchTime(h.endsAt, tz)} (${planned} prévues)`;
  const titles = block(
    pdf,
    columns.map((c) => c.title),
    { bold: true },
  );
  const start = (suffix = "") => {
    header(pdf, a, subtitle + suffix);
    drawRow(pdf, titles, headerFill);
  };
  start();
  if (a.sheet.lines.length === 0) {
    pdf.y -= 16;
    pdf.text("Aucun stagiaire inscrit à cette session.", margin + 4, pdf.y);
  }
  for (const line of a.sheet.lines) {
    const cell = describeCell(line.cells[index]!, tz);
    const row = block(pdf, [
      `${line.learner.displayName}\n${line.learner.username}`,
      cell.status,
      cell.evidence.length > 0 ? cell.evidence.join("\n") : "Aucune preuve",
      cell.retained,
      cell.confirmation,
      cell.correction ? `${cell.correction}\nMotif : ${cell.reason}` : "",
    ]);
    if (pdf.y - row.height < pdf.bottom) start(" (suite)");
    drawRow(pdf, row);
  }
  const v = h.validation;
  pdf.y -= 18;
  const label = "Validation du formateur : ";
  pdf.text(label, margin, pdf.y, { bold: true, size: 10 });
  pdf.text(
    v ? `validée par ${v.validatedByName} le ${frenchDateTime(v.validatedAt, tz)}` : "non validée",
    margin + pdf.bold.widthOfTextAtSize(label, 10),
    pdf.y,
    { size: 10 },
  );
}

function summaryPage(pdf: PdfWriter, a: SessionAttendance): void {
  const n = a.sheet.halfDays.length;
  const planned = formatHours(a.sheet.plannedMs);
  const titles = block(
    pdf,
    summaryColumns.map((c) => c.title),
    { bold: true, columns: summaryColumns },
  );
  const start = (suffix = "") => {
    header(pdf, a, `Récapitulatif par stagiaire${suffix}`);
    pdf.text(`Durée prévue de la session : ${planned} sur ${count(n, "demi-journée")}.`, margin, pdf.y - 4);
    pdf.y -= 12;
    drawRow(pdf, titles, headerFill);
  };
  start();
  if (a.sheet.lines.length === 0) {
    pdf.y -= 16;
    pdf.text("Aucun stagiaire inscrit à cette session.", margin + 4, pdf.y);
  }
  for (const line of a.sheet.lines) {
    const present = line.cells.filter((c) => c.status === "present").length;
    const row = block(
      pdf,
      [
        line.learner.displayName,
        line.learner.username,
        `${present} / ${n}`,
        formatHours(line.retainedMs),
        planned,
      ],
      { columns: summaryColumns },
    );
    if (pdf.y - row.height < pdf.bottom) start(" (suite)");
    drawRow(pdf, row);
  }
}

/** The attendance sheet as an A4 landscape PDF: one section per half-day, then a summary. */
export async function renderSheetPdf(a: SessionAttendance): Promise<Uint8Array> {
  const title = `Feuille d'émargement — ${a.session.trainingTitle}`;
  const pdf = await PdfWriter.create({ title, subject: sessionDates(a.session), now: a.now });
  a.sheet.halfDays.forEach((_, i) => {
    halfDayPages(pdf, a, i);
  });
  summaryPage(pdf, a);
  const pages = pdf.doc.getPages();
  const issued = `Éditée le ${frenchDateTime(a.now, a.session.timezone)} par Tremplin`;
  pages.forEach((page, i) => {
    pdf.page = page;
    pdf.text(issued, margin, margin - 12, { size: 8, color: muted });
    const label = `Page ${i + 1} / ${pages.length}`;
    pdf.text(label, a4Landscape[0] - margin - pdf.regular.widthOfTextAtSize(label, 8), margin - 12, {
      size: 8,
      color: muted,
    });
  });
  return pdf.doc.save();
}
