import "server-only";
import type { Db } from "@tremplin/db/client";
import type { SheetExport } from "@/server/attendance/export-attendance-sheet";
import type { Actor } from "@/server/audit/actor";
import { getSessionGradebook } from "./get-session-gradebook";
import { gradebookFilename, renderGradebookCsv } from "./gradebook-csv";

/** The gradebook of a session its viewer may see, as a CSV download. */
export async function exportGradebook(
  db: Db,
  input: { actor: Actor; sessionId: unknown; now: Date },
): Promise<SheetExport> {
  const gradebook = await getSessionGradebook(db, input);
  return {
    filename: gradebookFilename(gradebook),
    contentType: "text/csv; charset=utf-8",
    body: renderGradebookCsv(gradebook),
  };
}
