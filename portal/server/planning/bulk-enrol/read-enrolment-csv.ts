import "server-only";
import type { BulkLine } from "@tremplin/domain/enrolment";
import { AppError } from "@tremplin/domain/errors";
import { CsvError, parse } from "csv-parse/sync";

/** A list for one session: far above a room's capacity, far below what could tire the server. */
export const maxCsvBytes = 256 * 1024;
export const maxCsvLines = 2000;

const refuse = (message: string) =>
  new AppError("invalid_input", message, { issues: [{ path: "file", message }] });

// Header names as spreadsheets write them, compared without case, accents, spaces or hyphens.
const identifierHeaders = new Set(["identifiant", "login", "username", "samaccountname"]);
const emailHeaders = new Set(["email", "courriel", "mail", "adresseemail", "adressemail"]);
const normaliseHeader = (h: string) =>
  h
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\s_-]+/g, "");

const columns = (n: number) => (n > 1 ? `${n} colonnes` : `${n} colonne`);

/** Excel in French writes `;`, most other tools `,`: the header line says which this file uses. */
function delimiterOf(text: string): ";" | "," {
  const header = text.slice(0, text.search(/\r?\n|$/));
  return header.split(";").length >= header.split(",").length ? ";" : ",";
}

/**
 * Reads IT's CSV of learners to enrol: UTF-8 (with or without a byte-order mark), `;` or `,`,
 * a header line naming an `identifiant` or `e-mail` column (others, such as names, are ignored).
 * The file as a whole is refused (too large, not UTF-8, no usable header, broken quoting); a bad
 * line is returned as malformed so that the preview lists it with the others.
 */
export function readEnrolmentCsv(bytes: Uint8Array): { delimiter: ";" | ","; lines: BulkLine[] } {
  if (bytes.byteLength === 0) throw refuse("Le fichier est vide.");
  if (bytes.byteLength > maxCsvBytes) throw refuse(`Le fichier dépasse ${maxCsvBytes / 1024} Kio.`);
  let text: string;
  try {
    // fatal: a Latin-1 file (Excel's "CSV" without UTF-8) would otherwise turn é into U+FFFD silently.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw refuse("Le fichier n'est pas en UTF-8 : enregistrez-le au format « CSV UTF-8 ».");
  }
  const delimiter = delimiterOf(text);
  let records: { info: { lines: number }; record: string[] }[];
  try {
    // With `info`, each record comes as { info, record }: the typings know only plain records.
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError)
      throw refuse(`Guillemets mal fermés ou déséquilibrés (ligne ${error.lines}).`);
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw refuse("Le fichier est vide.");
  const names = header.record.map(normaliseHeader);
  const identifierAt = names.findIndex((n) => identifierHeaders.has(n));
  const emailAt = names.findIndex((n) => emailHeaders.has(n));
  if (identifierAt < 0 && emailAt < 0) {
    throw refuse("La première ligne doit nommer une colonne « identifiant » ou « e-mail ».");
  }
  if (rows.length > maxCsvLines) throw refuse(`Le fichier compte plus de ${maxCsvLines} lignes.`);
  const lines = rows.map(({ info, record }): BulkLine => {
    const line = info.lines;
    if (record.length !== header.record.length) {
      return { line, malformed: `${columns(record.length)} au lieu de ${header.record.length}` };
    }
    const identifier = identifierAt >= 0 ? record[identifierAt]! : "";
    const email = emailAt >= 0 ? record[emailAt]! : "";
    if (identifier !== "") return { line, identifier };
    if (email === "") return { line, malformed: "ni identifiant ni e-mail" };
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { line, malformed: "adresse e-mail invalide" };
    return { line, identifier: email };
  });
  return { delimiter, lines };
}
