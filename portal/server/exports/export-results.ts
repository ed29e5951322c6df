import "server-only";
import type { Db } from "@tremplin/db/client";
import { listAttemptsBetween } from "@tremplin/db/queries/exports";
import { periodInstants } from "@tremplin/domain/reporting";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import {
  type CsvExport,
  csvLine,
  csvStream,
  exportDate,
  exportDateTime,
  joinLines,
  keysetRows,
} from "./csv-stream";
import { parseExportPeriod } from "./export-period";

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
  assertItAdmin(input.actor);
  const period = parseExportPeriod(input);
  const range = periodInstants(period);
  async function* lines() {
    for await (const a of keysetRows((after, limit) => listAttemptsBetween(db, { ...range, after, limit }))) {
      yield csvLine([
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
      ]);
    }
  }
  return {
    filename: `resultats-${period.from}-${period.to}.csv`,
    stream: csvStream(header, joinLines(lines())),
  };
}
