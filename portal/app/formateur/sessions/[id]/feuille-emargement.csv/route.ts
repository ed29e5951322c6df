import { exportAttendanceSheet } from "@/server/attendance/export-attendance-sheet";
import { requireUser } from "@/server/auth/current-user";
import { getDb } from "@/server/db";
import { route } from "@/server/http";
import { sheetResponse } from "../../../_components/sheet-response";

export const dynamic = "force-dynamic";

export const GET = route(
  "attendance-sheet-csv",
  async (_request, _context, { params }: { params: Promise<{ id: string }> }) => {
    const actor = await requireUser("trainer", "it_admin", "auditor");
    const { id } = await params;
    return sheetResponse(
      await exportAttendanceSheet(await getDb(), { actor, sessionId: id, format: "csv", now: new Date() }),
    );
  },
);
