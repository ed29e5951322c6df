import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { exportGradebook } from "@/server/gradebook/export-gradebook";
import { route } from "@/server/http";
import { sheetResponse } from "../../../_components/sheet-response";

export const dynamic = "force-dynamic";

export const GET = route(
  "gradebook-csv",
  async (_request, _context, { params }: { params: Promise<{ id: string }> }) => {
    const actor = await requireUser(findCurrentUser, "trainer", "it_admin");
    const { id } = await params;
    return sheetResponse(await exportGradebook(await getDb(), { actor, sessionId: id, now: new Date() }));
  },
);
