import "server-only";
import { orNotFound, requirePageUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { getImportSession } from "./bulk-enrol-learners";

export async function loadBulkImportPage(sessionId: string) {
  const actor = await requirePageUser(`/dsi/inscriptions/${sessionId}/import`, "it_admin");
  return { session: await orNotFound(async () => getImportSession(await getDb(), { actor, sessionId })) };
}
