import "server-only";
import { getDb } from "../db";
import { findDirectory } from "../directory";
import { type SignInResult, signInInputSchema, signInWithPassword } from "./sign-in";

/** The entry point of next-auth's Credentials provider: validates the form, then signs in. */
export async function signInFromForm(raw: unknown): Promise<SignInResult> {
  const parsed = signInInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, code: "invalid_input" };
  const db = await getDb().catch(() => undefined);
  if (!db) return { ok: false, code: "unavailable" };
  const directory = await findDirectory()?.catch(() => undefined);
  return signInWithPassword({ db, directory, now: new Date() }, parsed.data);
}
