import "server-only";
import type { Db } from "@tremplin/db/client";
import { localDate } from "@tremplin/domain/calendar";
import type { Actor } from "@/server/audit/actor";
import { getSessionAttendance } from "./get-session-attendance";
import { renderSheetCsv } from "./sheet-csv";
import { renderSheetPdf } from "./sheet-pdf";

export type SheetExport = { filename: string; contentType: string; body: Uint8Array | string };

/** The attendance sheet of a session its viewer may see, as PDF or CSV, with a file name. */
export async function exportAttendanceSheet(
  db: Db,
  input: { actor: Actor; sessionId: unknown; format: "pdf" | "csv"; now: Date },
): Promise<SheetExport> {
  const attendance = await getSessionAttendance(db, input);
  const { session } = attendance;
  const code = session.trainingCode.replace(/[^A-Za-z0-9-]+/g, "-");
  const base = `emargement-${code}-${localDate(session.startsAt, session.timezone)}`;
  if (input.format === "csv") {
    return {
      filename: `${base}.csv`,
      contentType: "text/csv; charset=utf-8",
      body: renderSheetCsv(attendance),
    };
  }
  return { filename: `${base}.pdf`, contentType: "application/pdf", body: await renderSheetPdf(attendance) };
}
