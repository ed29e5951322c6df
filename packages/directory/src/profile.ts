import type { LoginName } from "@tremplin/domain/auth";
import type { Entry } from "ldapts";
import { z } from "zod";
import { DirectoryError } from "./errors";
import { escapeFilterValue, guidToString } from "./ldap-values";

export type DirectoryProfile = {
  dn: string;
  /** sAMAccountName in lower case (AD compares it case-insensitively; so does the users table). */
  username: string;
  displayName: string;
  email: string | null;
  /** objectGUID: stable across renames and moves, unlike the DN or the login. */
  guid: string;
};

export const profileAttributes = ["sAMAccountName", "userPrincipalName", "displayName", "mail", "objectGUID"];

/** The filter that finds the person behind a login, every value escaped (RFC 4515). */
export function profileFilter(login: LoginName, upnSuffix: string): string {
  const person = "(objectCategory=person)(objectClass=user)";
  if (login.kind !== "upn") return `(&${person}(sAMAccountName=${escapeFilterValue(login.sam)}))`;
  const upn = `(userPrincipalName=${escapeFilterValue(login.upn)})`;
  // `jdupont@<AD DNS domain>` is also the implicit UPN of sAMAccountName jdupont (MS-ADTS 5.1.1.1.1).
  const implicit = login.upn.toLowerCase().endsWith(`@${upnSuffix.toLowerCase()}`)
    ? `(sAMAccountName=${escapeFilterValue(login.localPart)})`
    : "";
  return implicit ? `(&${person}(|${upn}${implicit}))` : `(&${person}${upn})`;
}

const text = z
  .union([z.string(), z.array(z.string()).length(0)])
  .transform((v) => (Array.isArray(v) ? null : v));
const entrySchema = z.object({
  dn: z.string().min(1),
  sAMAccountName: z.string().min(1),
  userPrincipalName: text.optional(),
  displayName: text.optional(),
  mail: text.optional(),
  objectGUID: z.instanceof(Buffer),
});

/**
 * Picks the one entry a login names: an exact UPN match wins over the implicit one. No match,
 * or two that cannot be told apart, is `undefined`: the caller answers "bad credentials".
 */
export function pickProfile(entries: Entry[], login: LoginName): DirectoryProfile | undefined {
  const parsed = entries.map((entry) => {
    const result = entrySchema.safeParse(entry);
    if (!result.success) {
      throw new DirectoryError(
        "directory_error",
        `entrée d'annuaire inattendue (${entry.dn}) : ${result.error.message}`,
      );
    }
    return result.data;
  });
  const exact =
    login.kind === "upn"
      ? parsed.filter((e) => e.userPrincipalName?.toLowerCase() === login.upn.toLowerCase())
      : [];
  const candidates = exact.length > 0 ? exact : parsed;
  if (candidates.length !== 1) return undefined;
  const entry = candidates[0]!;
  return {
    dn: entry.dn,
    username: entry.sAMAccountName.toLowerCase(),
    displayName: entry.displayName ?? entry.sAMAccountName,
    email: entry.mail ?? null,
    guid: guidToString(entry.objectGUID),
  };
}

/** Groups holding `dn`, directly or through nested groups (LDAP_MATCHING_RULE_IN_CHAIN). */
export function nestedGroupsFilter(dn: string): string {
  return `(&(objectClass=group)(member:1.2.840.113556.1.4.1941:=${escapeFilterValue(dn)}))`;
}
