import "server-only";
import { hash, verify } from "@node-rs/argon2";
import type { Db } from "@tremplin/db/client";
import { findUserByEmail, findUserByUsername, recordLogin, type UserRow } from "@tremplin/db/queries/users";
import { z } from "zod";
import type { Role, SessionUser } from "./options";

export const signInInputSchema = z.object({
  username: z.string().trim().min(1).max(256),
  password: z.string().min(1).max(1024),
  source: z.string().max(64),
});
export type SignInInput = z.infer<typeof signInInputSchema>;

/** Codes shown to the person through `signin.errors.<code>`; never a raw LDAP or database error. */
export type SignInFailure =
  | "invalid_input"
  | "invalid_credentials"
  | "account_disabled"
  | "rate_limited"
  | "unavailable";
export type SignInResult =
  | { ok: true; user: SessionUser }
  | { ok: false; code: SignInFailure | (string & {}) };

// Verifying against a fixed hash when the account does not exist keeps the answer time the same,
// so response timing does not reveal which accounts exist.
const decoyHash = hash("tremplin-decoy-password");

/** Checks a local (non-directory) account's password with argon2. */
export async function signInLocal(db: Db, input: SignInInput, now: Date): Promise<SignInResult> {
  const user = input.username.includes("@")
    ? await findUserByEmail(db, input.username)
    : await findUserByUsername(db, input.username);
  const isLocal = user?.source === "local" && user.passwordHash;
  const matches = await verify(isLocal ? user.passwordHash! : await decoyHash, input.password).catch(
    () => false,
  );
  if (!isLocal || !matches) return { ok: false, code: "invalid_credentials" };
  if (user.disabledAt) return { ok: false, code: "account_disabled" };
  await recordLogin(db, user.id, now);
  return { ok: true, user: toSessionUser(user) };
}

export function toSessionUser(user: UserRow): SessionUser {
  return {
    id: user.id,
    name: user.displayName,
    username: user.username,
    roles: user.roles as Role[],
    source: user.source,
  };
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}
