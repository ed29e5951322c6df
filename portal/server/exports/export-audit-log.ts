import "server-only";
import type { Db } from "@tremplin/db/client";
import { listAuditBetween } from "@tremplin/db/queries/exports";
import type { Actor } from "@/server/audit/actor";
import { type CsvExport, exportDateTime, rowsCsv } from "./csv-stream";
import { periodRows } from "./export-period";

const header = [
  "Date",
  "Auteur",
  "Action",
  "Code de l'action",
  "Objet",
  "Identifiant de l'objet",
  "Détails",
  "Requête",
];

/**
 * The audit log of a period as CSV, oldest line first, streamed. `actionLabel` gives the words
 * the audit page uses for an action (the raw code stays in its own column for tools).
 */
export function exportAuditLog(
  db: Db,
  input: { actor: Actor; from: unknown; to: unknown; actionLabel?: (action: string) => string },
): CsvExport {
  const label = input.actionLabel ?? ((a: string) => a);
  const { period, rows } = periodRows(input, (query) => listAuditBetween(db, query));
  return {
    filename: `journal-audit-${period.from}-${period.to}.csv`,
    stream: rowsCsv(header, rows, (row) => [
      exportDateTime(row.at),
      row.actorLabel,
      label(row.action),
      row.action,
      row.entityType,
      row.entityId ?? "",
      JSON.stringify(row.details),
      row.requestId ?? "",
    ]),
  };
}
