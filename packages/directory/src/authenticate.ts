import { type LoginName, maxPasswordLength, parseLoginName, type Role } from "@tremplin/domain/auth";
import type { AppErrorCode } from "@tremplin/domain/errors";
import type { Directory } from "./client";
import {
  classifyDirectoryError,
  DirectoryError,
  type DirectoryFailureCode,
  failureAppCodes,
  failureMessages,
  type Message,
} from "./errors";
import {
  type DirectoryProfile,
  nestedGroupsFilter,
  pickProfile,
  profileAttributes,
  profileFilter,
} from "./profile";
import { rolesFromGroups } from "./roles";

export type DirectoryUser = DirectoryProfile & {
  /** DNs of every group the user belongs to, nested membership included. */
  groups: string[];
  roles: Role[];
};

export type AuthFailure = {
  code: DirectoryFailureCode;
  /** What the screen shows, French first. Never an LDAP message. */
  message: Message;
  appCode: AppErrorCode;
};

export type AuthResult = { ok: true; user: DirectoryUser } | { ok: false; failure: AuthFailure };

/**
 * Signs a person in against AD: `jdupont`, `DOMAINE\jdupont` or `jdupont@domaine.fr` plus a
 * password → a bind as that person → profile, groups (nested included) and roles. Never
 * throws for anything a person typed or the DC did: every outcome is a typed result, and
 * every failure writes one log line (without the password).
 */
export async function authenticate(
  directory: Directory,
  input: { login: string; password: string },
): Promise<AuthResult> {
  const started = performance.now();
  const login = typeof input.login === "string" ? parseLoginName(input.login) : undefined;
  const key = login?.ok ? login.login.key : undefined;
  const fail = (error: DirectoryError): AuthResult => {
    directory.logger.warn(
      {
        event: "directory_login_failed",
        code: error.code,
        subCode: error.subCode,
        login: key ?? "(illisible)",
        detail: error.detail,
        ms: Math.round(performance.now() - started),
      },
      `connexion annuaire refusée : ${error.code}`,
    );
    return { ok: false, failure: failureOf(error.code) };
  };

  if (!login?.ok) {
    const tooLong = login?.problem === "too_long";
    return fail(
      new DirectoryError(tooLong ? "input_too_long" : "invalid_login", `identifiant ${login?.problem}`),
    );
  }
  const password = input.password;
  // Checked before any bind: AD takes an empty password as an unauthenticated bind that succeeds.
  if (typeof password !== "string" || password.length === 0) {
    return fail(new DirectoryError("empty_password", "mot de passe vide"));
  }
  if (password.length > maxPasswordLength)
    return fail(new DirectoryError("input_too_long", "mot de passe trop long"));

  try {
    const user = directory.hasServiceAccount
      ? await viaServiceAccount(directory, login.login, password)
      : await asTheUser(directory, login.login, password);
    directory.logger.info(
      {
        event: "directory_login",
        login: key,
        username: user.username,
        roles: user.roles,
        ms: Math.round(performance.now() - started),
      },
      "connexion annuaire réussie",
    );
    return { ok: true, user };
  } catch (error) {
    return fail(classifyDirectoryError(error));
  }
}

export function failureOf(code: DirectoryFailureCode): AuthFailure {
  return { code, message: failureMessages[code], appCode: failureAppCodes[code] };
}

/** What AD accepts as a bind name for each form; `jdupont` becomes its implicit UPN. */
function bindNameOf(login: LoginName, upnSuffix: string): string {
  if (login.kind === "sam") return `${login.sam}@${upnSuffix}`;
  return login.kind === "upn" ? login.upn : `${login.domain}\\${login.sam}`;
}

/**
 * The service account finds the entry first, so the bind uses its exact DN: what was
 * authenticated is what we describe. An unknown login is still bound with the name typed,
 * so that it costs the same time as a wrong password (no account enumeration by timing).
 */
async function viaServiceAccount(
  directory: Directory,
  login: LoginName,
  password: string,
): Promise<DirectoryUser> {
  const { config } = directory;
  const entries = await directory.search(
    config.baseDn,
    searchOptions(profileFilter(login, config.upnSuffix)),
  );
  const profile = pickProfile(entries, login);
  const [bound, groups] = await Promise.allSettled([
    directory.bindAs(profile?.dn ?? bindNameOf(login, config.upnSuffix), password),
    profile ? directory.search(config.baseDn, groupSearch(profile.dn)) : Promise.resolve([]),
  ]);
  if (bound.status === "fulfilled") bound.value.close();
  if (bound.status === "rejected") throw bound.reason;
  if (!profile) {
    throw new DirectoryError(
      "invalid_credentials",
      "bind accepté mais aucun compte sous la base de recherche",
    );
  }
  if (groups.status === "rejected") throw groups.reason;
  return withRoles(
    directory,
    profile,
    groups.value.map((g) => g.dn),
  );
}

/** Without a service account, the person's own connection reads their entry and groups. */
async function asTheUser(directory: Directory, login: LoginName, password: string): Promise<DirectoryUser> {
  const { config } = directory;
  const connection = await directory.bindAs(bindNameOf(login, config.upnSuffix), password);
  try {
    const entries = await connection.search(
      config.baseDn,
      searchOptions(profileFilter(login, config.upnSuffix)),
    );
    const profile = pickProfile(entries, login);
    if (!profile) throw new DirectoryError("invalid_credentials", "bind accepté mais entrée introuvable");
    const groups = await connection.search(config.baseDn, groupSearch(profile.dn));
    return withRoles(
      directory,
      profile,
      groups.map((g) => g.dn),
    );
  } finally {
    connection.close();
  }
}

function withRoles(directory: Directory, profile: DirectoryProfile, groups: string[]): DirectoryUser {
  return { ...profile, groups, roles: rolesFromGroups(groups, directory.config.roleGroups) };
}

const searchOptions = (filter: string) => ({
  scope: "sub" as const,
  filter,
  attributes: profileAttributes,
  explicitBufferAttributes: ["objectGUID"],
});

const groupSearch = (dn: string) => ({
  scope: "sub" as const,
  filter: nestedGroupsFilter(dn),
  attributes: ["1.1"],
});
