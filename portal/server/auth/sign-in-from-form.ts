import "server-only";
import { getDb } from "../db";
import { type SignInResult, signInInputSchema, signInLocal } from "./sign-in";

/** The sign-in entry point of next-auth's Credentials provider: validates, then checks the password. */
export async function signInWithPassword(raw: unknown): Promise<SignInResult> {
  const parsed = signInInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, code: "invalid_input" };
  const db = await getDb().catch(() => undefined);
  if (!db) return { ok: false, code: "unavailable" };
  return signInLocal(db, parsed.data, new Date());
}
