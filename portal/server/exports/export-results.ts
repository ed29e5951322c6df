import "server-only";
import type { Db } from "@tremplin/db/client";
import { listAttemptsBetween } from "@tremplin/db/queries/exports";
import type { Actor } from "@/server/audit/actor";
import { type CsvExport, exportDate, exportDateTime, rowsCsv } from "./csv-stream";
import { periodRows } from "./export-period";

const header = [
  "Date",
  "Stagiaire",
  "Identifiant",
  "Formation",
  "Code formation",
  "Session du",
  "Module",
  "Tentative",
  "Type",
  "Score (%)",
  "Retenue",
  "Explication",
];

/** Every assessment attempt submitted in the period as CSV, retained or not, with why; streamed. */
export function exportResults(db: Db, input: { actor: Actor; from: unknown; to: unknown }): CsvExport {
  const { period, rows } = periodRows(input, (query) => listAttemptsBetween(db, query));
  return {
    filename: `resultats-${period.from}-${period.to}.csv`,
    stream: rowsCsv(header, rows, (a) => [
      exportDateTime(a.at),
      a.learnerName,
      a.username,
      a.trainingTitle,
      a.trainingCode,
      a.sessionStartsAt ? exportDate(a.sessionStartsAt) : "À son rythme",
      a.moduleTitle,
      String(a.attemptNo),
      a.source === "quiz" ? "Quiz" : "SCORM",
      String(a.scorePercent),
      a.isRetained ? "Oui" : "Non",
      a.explanation,
    ]),
  };
}
