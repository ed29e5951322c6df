import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { csvDownload, periodOf } from "@/server/exports/download";
import { exportAttendance } from "@/server/exports/export-attendance";
import { route } from "@/server/http";

export const dynamic = "force-dynamic";

export const GET = route("export-attendance", async (request) => {
  const actor = await requireUser(findCurrentUser, "it_admin");
  return csvDownload(exportAttendance(await getDb(), { actor, ...periodOf(request), now: new Date() }));
});
