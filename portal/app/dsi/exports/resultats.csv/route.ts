import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { csvDownload, periodOf } from "@/server/exports/download";
import { exportResults } from "@/server/exports/export-results";
import { route } from "@/server/http";

export const dynamic = "force-dynamic";

export const GET = route("export-results", async (request) => {
  const actor = await requireUser(findCurrentUser, "it_admin");
  return csvDownload(exportResults(await getDb(), { actor, ...periodOf(request) }));
});
