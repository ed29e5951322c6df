import "server-only";
import type { SessionUser } from "./options";

export type SignInResult = { ok: true; user: SessionUser } | { ok: false; code: string };

/** Checks a username and password against the directory or a local account. */
export async function signInWithPassword(_input: {
  username: string;
  password: string;
  source: string;
}): Promise<SignInResult> {
  return { ok: false, code: "invalid_credentials" };
}
