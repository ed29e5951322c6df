import "server-only";
import { findCurrentUser } from "@/server/auth/current-user";
import { orNotFound, requirePageUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { findPublicCertificate } from "./find-public-certificate";
import { listCertificatesOfSession } from "./list-session-certificates";
import { findCertificates } from "./search-certificates";
import { getCompletionRules } from "./update-completion-rules";

/** `/verifier/<code>`: public, no sign-in; what a code proves. */
export async function loadPublicCertificate(code: string) {
  return findPublicCertificate(await getDb(), decodeURIComponent(code));
}

/** Whether the visitor is signed in (the verification page then links to the download). */
export async function loadViewer() {
  return findCurrentUser();
}

/** `/dsi/contenus/<training>/regles`: IT edits a training's completion rules. */
export async function loadCompletionRules(trainingId: string) {
  await requirePageUser(`/dsi/contenus/${trainingId}/regles`, "it_admin");
  return orNotFound(async () => getCompletionRules(await getDb(), trainingId));
}

/** The certificates section of a session's page: its trainer, IT and auditors. */
export async function loadSessionCertificates(sessionId: string) {
  const actor = await requirePageUser(`/formateur/sessions/${sessionId}`, "trainer", "it_admin", "auditor");
  return orNotFound(async () => listCertificatesOfSession(await getDb(), { actor, sessionId }));
}

/** `/dsi/certificats`: auditors and IT search every certificate. */
export async function loadCertificateSearch(params: Record<string, string | string[] | undefined>) {
  const actor = await requirePageUser("/dsi/certificats", "it_admin", "auditor");
  return { canHold: actor.roles.includes("it_admin"), ...(await findCertificates(await getDb(), params)) };
}
