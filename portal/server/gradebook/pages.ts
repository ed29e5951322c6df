import "server-only";
import { cache } from "react";
import { orNotFound, requirePageUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { getSessionGradebook } from "./get-session-gradebook";

/** Read once per request (React's `cache`): the page and its title share one answer. */
export const loadSessionGradebookPage = cache(async (sessionId: string) => {
  const actor = await requirePageUser(`/formateur/sessions/${sessionId}/suivi`, "trainer", "it_admin");
  const db = await getDb();
  return orNotFound(() => getSessionGradebook(db, { actor, sessionId, now: new Date() }));
});
