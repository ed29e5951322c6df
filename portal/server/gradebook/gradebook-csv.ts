import "server-only";
import { localDate } from "@tremplin/domain/calendar";
import { csvField } from "@/server/attendance/sheet-csv";
import { decimalHours, frenchDateTime } from "@/server/attendance/sheet-text";
import type { SessionGradebook } from "./get-session-gradebook";
import { attemptsText, resultStatus, unmetRule } from "./gradebook-text";

/** The fixed columns; each assessed module adds four after them, named after the module. */
export const gradebookFixedHeaders = [
  "Stagiaire",
  "Identifiant",
  "Modules requis terminés",
  "Modules requis",
  "Présence retenue (heures)",
  "Présence requise (heures)",
];
export const gradebookModuleHeaders = ["meilleur score (%)", "statut", "tentatives", "dernière décision"];
export const gradebookTrailingHeaders = ["Conditions remplies", "Ce qui manque"];

/**
 * The gradebook as CSV for French Excel, as the attendance sheet is (UTF-8 with a byte-order
 * mark, `;` between fields, CRLF, formulas defused): one line per learner.
 */
export function renderGradebookCsv(gradebook: SessionGradebook): string {
  const tz = gradebook.session.timezone;
  const header = [
    ...gradebookFixedHeaders,
    ...gradebook.assessed.flatMap((m) => gradebookModuleHeaders.map((h) => `${m.title} — ${h}`)),
    ...gradebookTrailingHeaders,
  ];
  const lines = [header];
  for (const line of gradebook.lines) {
    lines.push([
      line.learner.displayName,
      line.learner.username,
      String(line.modulesDone),
      String(line.modulesRequired),
      line.attendance ? decimalHours(line.attendance.attendedMs) : "",
      line.attendance ? decimalHours(line.attendance.requiredMs) : "",
      ...line.results.flatMap((r) => [
        r.bestScorePercent === null ? "" : String(r.bestScorePercent),
        resultStatus(r),
        attemptsText(r),
        r.last
          ? `${frenchDateTime(r.last.submittedAt, tz)} — ${r.last.isRetained ? "retenue" : "non retenue"} : ${r.last.explanation}`
          : "",
      ]),
      line.completion.isComplete ? "Oui" : "Non",
      line.completion.outcomes
        .filter((o) => !o.isMet)
        .map(unmetRule)
        .join(" | "),
    ]);
  }
  return `\uFEFF${lines.map((fields) => fields.map(csvField).join(";")).join("\r\n")}\r\n`;
}

/** `suivi-EXCEL-2026-11-23.csv`: the training's code and the session's first day. */
export function gradebookFilename(gradebook: SessionGradebook): string {
  const { session } = gradebook;
  const code = session.trainingCode.replace(/[^A-Za-z0-9-]+/g, "-");
  return `suivi-${code}-${localDate(session.startsAt, session.timezone)}.csv`;
}
