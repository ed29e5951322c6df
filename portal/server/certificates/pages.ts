import "server-only";
import { findCurrentUser } from "@/server/auth/current-user";
import { getDb } from "@/server/db";
import { findPublicCertificate } from "./find-public-certificate";

/** `/verifier/<code>`: public, no sign-in; what a code proves. */
export async function loadPublicCertificate(code: string) {
  return findPublicCertificate(await getDb(), decodeURIComponent(code));
}

/** Whether the visitor is signed in (the verification page then links to the download). */
export async function loadViewer() {
  return findCurrentUser();
}
