import "server-only";
import { frenchTime } from "@tremplin/domain/schedule";
import type { SessionAttendance } from "./get-session-attendance";
import {
  decimalHours,
  describeCell,
  frenchDate,
  frenchDateTime,
  periodLabel,
  sessionPlace,
} from "./sheet-text";

export const csvHeaders = [
  "Organisme",
  "Formation",
  "Code formation",
  "Session",
  "Lieu",
  "Formateur",
  "Date",
  "Demi-journée",
  "Horaires prévus",
  "Stagiaire",
  "Identifiant",
  "Statut",
  "Preuves de présence",
  "Postes",
  "Durée attestée (heures)",
  "Durée retenue (heures)",
  "Confirmation du stagiaire",
  "Correction du formateur",
  "Motif de la correction",
  "Validation du formateur",
];

/**
 * One field, quoted when it must be (RFC 4180: separator, quote, line break) and defused
 * when a spreadsheet would run it as a formula (=, +, -, @ at the start: CSV injection).
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(fields: string[]): string {
  return fields.map(csvField).join(";");
}

/**
 * The sheet as CSV for French Excel: UTF-8 with a byte-order mark (or Excel reads the accents
 * as Latin-1), `;` between fields (`,` is the decimal separator), CRLF between lines. One line
 * per learner and half-day; a session without learners gives the header line alone.
 */
export function renderSheetCsv(attendance: SessionAttendance): string {
  const { session, sheet } = attendance;
  const tz = session.timezone;
  const lines = [csvLine(csvHeaders)];
  for (const line of sheet.lines) {
    sheet.halfDays.forEach((halfDay, i) => {
      const cell = describeCell(line.cells[i]!, tz);
      const v = halfDay.validation;
      lines.push(
        csvLine([
          session.organisationName,
          session.trainingTitle,
          session.trainingCode,
          session.id,
          sessionPlace(session),
          session.trainerName ?? "",
          frenchDate(halfDay.startsAt, tz, "short"),
          periodLabel[halfDay.period],
          `${frenchTime(halfDay.startsAt, tz)}–${frenchTime(halfDay.endsAt, tz)}`,
          line.learner.displayName,
          line.learner.username,
          cell.status,
          cell.evidence.join(" | "),
          cell.posts.join(", "),
          decimalHours(line.cells[i]!.evidencedMs),
          decimalHours(line.cells[i]!.retainedMs),
          cell.confirmation,
          cell.correction,
          cell.reason,
          v ? `Validée par ${v.validatedByName} le ${frenchDateTime(v.validatedAt, tz)}` : "Non validée",
        ]),
      );
    });
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
