import "server-only";
import type { Db } from "@tremplin/db/client";
import { listSessionIdsStartingBetween } from "@tremplin/db/queries/exports";
import { getSessionAttendance } from "@/server/attendance/get-session-attendance";
import { csvField, csvHeaders, renderSheetCsv } from "@/server/attendance/sheet-csv";
import type { Actor } from "@/server/audit/actor";
import { type CsvExport, csvStream } from "./csv-stream";
import { periodRows } from "./export-period";

// Each session's sheet is the attendance sheet's own CSV (one line per learner and half-day),
// without its byte-order mark and header line: the export is the sheets one after the other.
const sheetPrefix = `\uFEFF${csvHeaders.map(csvField).join(";")}\r\n`;

/**
 * The attendance of every session that starts in the period, per learner and half-day, as the
 * sheet's CSV, streamed: one session's sheet in memory at a time.
 */
export function exportAttendance(
  db: Db,
  input: { actor: Actor; from: unknown; to: unknown; now: Date },
): CsvExport {
  const { period, rows } = periodRows(input, (query) => listSessionIdsStartingBetween(db, query), 100);
  async function* sheets() {
    for await (const s of rows) {
      const sheet = renderSheetCsv(
        await getSessionAttendance(db, { actor: input.actor, sessionId: s.id, now: input.now }),
      );
      if (!sheet.startsWith(sheetPrefix))
        throw new Error("the attendance sheet's CSV no longer starts with its header");
      const body = sheet.slice(sheetPrefix.length);
      if (body !== "") yield body;
    }
  }
  return { filename: `emargement-${period.from}-${period.to}.csv`, stream: csvStream(csvHeaders, sheets()) };
}
