import { exportAttendanceSheet } from "@/server/attendance/export-attendance-sheet";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { route } from "@/server/http";
import { sheetResponse } from "../../../_components/sheet-response";

export const dynamic = "force-dynamic";

export const GET = route(
  "attendance-sheet-pdf",
  async (_request, _context, { params }: { params: Promise<{ id: string }> }) => {
    const actor = await requireUser(findCurrentUser, "trainer", "it_admin", "auditor");
    const { id } = await params;
    return sheetResponse(
      await exportAttendanceSheet(await getDb(), { actor, sessionId: id, format: "pdf", now: new Date() }),
    );
  },
);
