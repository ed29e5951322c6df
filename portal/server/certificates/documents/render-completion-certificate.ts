import { actionNatures } from "@tremplin/domain/certification";
import { parseOrThrow } from "@tremplin/domain/errors";
import type { PDFDocument } from "pdf-lib";
import { type DocumentFields, documentFieldsSchema } from "./document-fields";
import { openFrame } from "./document-frame";
import { hours, longDate, nbsp } from "./french";
import { colours, type PageWriter, type Run } from "./page-writer";
import { drawSignatureBlock } from "./signature-block";

/**
 * The *certificat de réalisation* (the Ministry's model: the dispenser certifies that the learner
 * followed the action, its nature, dates and hours carried out), A4, text selectable, with the
 * QR code and short code of its verification page. Unsigned: signPdf comes next.
 */
export async function renderCompletionCertificate(input: DocumentFields): Promise<Uint8Array> {
  return (await buildCompletionCertificate(input)).save({ useObjectStreams: false });
}

/** The certificate as a pdf-lib document, for signPdfDocument to sign without a new parse. */
export async function buildCompletionCertificate(input: DocumentFields): Promise<PDFDocument> {
  const fields = parseOrThrow(documentFieldsSchema, input, "Champs du certificat de réalisation");
  const frame = await openFrame(fields, "Certificat de réalisation");
  const w = frame.writer;
  w.paragraph(signatoryIntro(fields), { after: 14 });
  w.paragraph([{ text: fields.learner.name, bold: true }], { size: 15, align: "center", after: 14 });
  w.paragraph([{ text: "a suivi l'action " }, { text: fields.action.title, bold: true }], { after: 12 });
  w.paragraph("Nature de l'action concourant au développement des compétences :".replace(" :", `${nbsp}:`), {
    after: 4,
  });
  drawNatures(w, fields.action.nature);
  w.paragraph(
    [
      { text: "qui s'est déroulée du " },
      { text: longDate(fields.action.from), bold: true },
      { text: " au " },
      { text: longDate(fields.action.to), bold: true },
      ...modality(fields),
    ],
    { after: 4 },
  );
  w.paragraph(
    [
      { text: "pour une durée réalisée de " },
      { text: hours(fields.action.attendedMinutes), bold: true },
      { text: "." },
    ],
    {
      after: 18,
    },
  );
  w.paragraph(
    "Sans préjudice des délais imposés par les règles fiscales, comptables ou commerciales, je m'engage à conserver " +
      "l'ensemble des pièces justificatives qui ont permis d'établir le présent certificat pendant une durée de 3 ans " +
      "à compter de la fin de l'année du dernier paiement. En cas de cofinancement par des fonds européens, la durée " +
      "de conservation est étendue conformément aux obligations conventionnelles spécifiques.",
    { size: 8.5, leading: 12, color: colours.muted, after: 22 },
  );
  drawSignatureBlock(frame.writer, fields);
  return frame.complete();
}

/** "Je soussigné(e) …, représentant(e) légal(e) du dispensateur de l'action …, atteste que :" */
export function signatoryIntro(fields: DocumentFields): Run[] {
  const { issuer } = fields;
  return [
    { text: "Je soussigné(e)" },
    ...(issuer.signatoryName ? [{ text: " " }, { text: issuer.signatoryName, bold: true }] : []),
    { text: ", " },
    {
      text: `${issuer.signatoryRole ?? "représentant(e) légal(e)"} du dispensateur de l'action concourant au développement des compétences `,
    },
    { text: issuer.name, bold: true },
    { text: `, atteste que${nbsp}:` },
  ];
}

/** ", en présentiel (salle, site)," or ", à distance,". */
export function modality(fields: DocumentFields): Run[] {
  if (fields.action.isRemote || !fields.action.place) return [{ text: ", à distance," }];
  return [{ text: ", en présentiel (" }, { text: fields.action.place }, { text: ")," }];
}

function drawNatures(w: PageWriter, nature: string): void {
  const wanted = nature.trim().toLocaleLowerCase("fr-FR");
  const known = actionNatures.some((n) => n.toLocaleLowerCase("fr-FR") === wanted);
  const lines = known ? actionNatures : [...actionNatures, nature];
  for (const line of lines) {
    const checked = line.toLocaleLowerCase("fr-FR") === wanted;
    w.paragraph([{ text: checked ? "☒ " : "☐ " }, { text: line, bold: checked }], {
      size: 10.5,
      leading: 15,
      indent: 18,
      after: 0,
    });
  }
  w.space(10);
}
