import "server-only";
import { hash, verify } from "@node-rs/argon2";
import type { Db } from "@tremplin/db/client";
import {
  recordLoginFailure,
  recordLoginSuccess,
  reserveLoginAttempt,
} from "@tremplin/db/queries/login-throttle";
import {
  findUserByEmail,
  findUserByUsername,
  recordLogin,
  type UserRow,
  upsertDirectoryUser,
} from "@tremplin/db/queries/users";
import { authenticate } from "@tremplin/directory/authenticate";
import type { Directory } from "@tremplin/directory/client";
import type { DirectoryFailureCode } from "@tremplin/directory/errors";
import type { Role } from "@tremplin/domain/auth";
import { defaultThrottlePolicy, parseLoginName, type ThrottlePolicy } from "@tremplin/domain/auth";
import { z } from "zod";
import type { SessionUser } from "./options";

// PostgreSQL cannot store a NUL byte, and no login or password holds one: refused before any
// query or bind, as a plain invalid input.
const withoutNul = (text: string) => !text.includes("\0");
export const signInInputSchema = z.object({
  username: z.string().trim().min(1).max(256).refine(withoutNul, "caractère NUL interdit"),
  password: z.string().min(1).max(1024).refine(withoutNul, "caractère NUL interdit"),
  source: z.string().max(64),
});
export type SignInInput = z.infer<typeof signInInputSchema>;

/** Codes shown to the person through `signin.errors.<code>`; never a raw LDAP or database error. */
export type SignInFailure =
  | "invalid_input"
  | "invalid_credentials"
  | "account_disabled"
  | "account_expired"
  | "password_expired"
  | "must_change_password"
  | "locked_out"
  | "not_permitted_now"
  | "not_permitted_here"
  | "rate_limited"
  | "unavailable";
export type SignInResult = { ok: true; user: SessionUser } | { ok: false; code: SignInFailure };

/** What the sign-in page says for each directory outcome. */
const directoryFailures: Record<DirectoryFailureCode, SignInFailure> = {
  invalid_credentials: "invalid_credentials",
  // A login that cannot exist gets the same answer as a wrong password: no hint either way.
  invalid_login: "invalid_credentials",
  empty_password: "invalid_input",
  input_too_long: "invalid_input",
  logon_hours: "not_permitted_now",
  workstation_restricted: "not_permitted_here",
  password_expired: "password_expired",
  account_disabled: "account_disabled",
  account_expired: "account_expired",
  must_change_password: "must_change_password",
  locked_out: "locked_out",
  tls_untrusted: "unavailable",
  tls_name_mismatch: "unavailable",
  insecure_connection: "unavailable",
  unreachable: "unavailable",
  timeout: "unavailable",
  directory_error: "unavailable",
};

/**
 * Signs a person in: throttling decides before any password is tried, and counts the attempt
 * against the account's budget below AD's lockout (`policy`, from the domain's own settings); an
 * address that is a local account's e-mail is checked locally, anything else against the
 * directory when there is one. A wrong password makes that address wait on that account; a
 * success clears the account's count.
 */
export async function signInWithPassword(
  deps: { db: Db; directory: Directory | undefined; now: Date; policy?: ThrottlePolicy },
  input: SignInInput,
): Promise<SignInResult> {
  const { db, directory, now, policy = defaultThrottlePolicy } = deps;
  const parsedLogin = parseLoginName(input.username);
  const accountKey = parsedLogin.ok ? parsedLogin.login.key : input.username.trim().toLowerCase();
  const subject = { accountKey, source: input.source };
  if (!(await reserveLoginAttempt(db, subject, now, policy)).allowed) {
    return { ok: false, code: "rate_limited" };
  }

  const local = input.username.includes("@") ? await findUserByEmail(db, input.username.trim()) : undefined;
  const result =
    local?.source === "local" || !directory
      ? await signInLocal(db, input, now)
      : await signInDirectory(db, directory, input, now);
  if (result.ok) await recordLoginSuccess(db, subject);
  else if (result.code === "invalid_credentials") await recordLoginFailure(db, subject, now, policy);
  return result;
}

async function signInDirectory(
  db: Db,
  directory: Directory,
  input: SignInInput,
  now: Date,
): Promise<SignInResult> {
  const outcome = await authenticate(directory, { login: input.username, password: input.password });
  if (!outcome.ok) return { ok: false, code: directoryFailures[outcome.failure.code] };
  const { user } = outcome;
  const row = await upsertDirectoryUser(
    db,
    {
      username: user.username,
      displayName: user.displayName,
      email: user.email,
      guid: user.guid,
      roles: user.roles,
    },
    now,
  );
  if (row.disabledAt) return { ok: false, code: "account_disabled" };
  return { ok: true, user: toSessionUser(row) };
}

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

function toSessionUser(user: UserRow): SessionUser {
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
