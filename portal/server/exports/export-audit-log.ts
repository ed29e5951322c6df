import "server-only";
import type { Db } from "@tremplin/db/client";
import { listAuditBetween } from "@tremplin/db/queries/exports";
import { periodInstants } from "@tremplin/domain/reporting";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import {
  type CsvExport,
  csvLine,
  csvStream,
  exportDateTime,
  joinLines,
  keysetRows,
} from "./csv-stream";
import { parseExportPeriod } from "./export-period";

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
  assertItAdmin(input.actor);
  const period = parseExportPeriod(input);
  const range = periodInstants(period);
  const label = input.actionLabel ?? ((a: string) => a);
  async function* lines() {
    for await (const row of keysetRows((after, limit) => listAuditBetween(db, { ...range, after, limit }))) {
      yield csvLine([
        exportDateTime(row.at),
        row.actorLabel,
        label(row.action),
        row.action,
        row.entityType,
        row.entityId ?? "",
        JSON.stringify(row.details),
        row.requestId ?? "",
      ]);
    }
  }
  return {
    filename: `journal-audit-${period.from}-${period.to}.csv`,
    stream: csvStream(header, joinLines(lines())),
  };
}
