import {
  AlreadyExistsError,
  Attribute,
  Change,
  type Client,
  ConstraintViolationError,
  InsufficientAccessError,
  NoSuchObjectError,
  UnwillingToPerformError,
} from "ldapts";
import { z } from "zod";
import { classifyDirectoryError, failureMessages } from "./errors";
import { escapeFilterValue, fromFileTime, normalizeDn, toFileTime } from "./ldap-values";
import { type ExistingAccount, UAC_ACCOUNTDISABLE } from "./provision-plan";

export type ProvisionReport = {
  /** `initialPassword` is shown once to the trainer; it is stored nowhere, audit log included. */
  created: { username: string; dn: string; initialPassword: string }[];
  updated: { username: string; dn: string; changes: string[]; initialPassword?: string }[];
  disabled: { username: string; dn: string; expiredAt: string | null }[];
  unchanged: string[];
  failed: { username: string; reason: string }[];
};

/** One administrative change, for the caller to write to the audit log with its actor. */
export type AuditEntry = {
  action: string;
  entityType: "directory_user" | "directory_group" | "directory_ou";
  entityId: string;
  details: Record<string, unknown>;
};

const many = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const one = many.transform((v) => v[0] ?? null);
const accountSchema = z.object({
  dn: z.string(),
  displayName: one,
  givenName: one,
  sn: one,
  mail: one,
  userPrincipalName: one,
  accountExpires: one.transform((v) => BigInt(v ?? "0")),
  userAccountControl: one.transform((v) => Number(v ?? "512")),
  memberOf: many,
});

/**
 * The account named `username` anywhere under the OU's domain: `undefined` when there is none,
 * `"outside"` when it lives outside the managed OU (a member of staff, say: never touched).
 */
export async function readAccount(
  client: Client,
  usersOu: string,
  username: string,
): Promise<ExistingAccount | "outside" | undefined> {
  const domain = usersOu.slice(usersOu.search(/DC=/i));
  const { searchEntries } = await client.search(domain, {
    scope: "sub",
    filter: `(&(objectCategory=person)(objectClass=user)(sAMAccountName=${escapeFilterValue(username)}))`,
    attributes: [
      "displayName",
      "givenName",
      "sn",
      "mail",
      "userPrincipalName",
      "accountExpires",
      "userAccountControl",
      "memberOf",
    ],
  });
  const entry = searchEntries[0];
  if (!entry) return undefined;
  const account = accountSchema.parse(entry);
  return normalizeDn(account.dn).endsWith(`,${normalizeDn(usersOu)}`) ? account : "outside";
}

/**
 * Disables the OU's enabled accounts whose accountExpires has passed, one LDAP change each,
 * adding each to `report` and `audit` as it goes: if the DC fails midway, what was done is there.
 */
export async function disableExpiredInOu(
  client: Client,
  pass: { usersOu: string; now: Date; report: ProvisionReport; audit: AuditEntry[] },
): Promise<void> {
  const { usersOu, now, report, audit } = pass;
  // 1.2.840.113556.1.4.803 is LDAP_MATCHING_RULE_BIT_AND: "the disabled bit is not set".
  const filter =
    "(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2))" +
    `(accountExpires>=1)(accountExpires<=${toFileTime(now)}))`;
  const { searchEntries } = await client.search(usersOu, {
    scope: "sub",
    filter,
    attributes: ["sAMAccountName", "userAccountControl", "accountExpires"],
  });
  for (const entry of searchEntries) {
    const username = String(entry.sAMAccountName);
    const uac = Number(entry.userAccountControl) | UAC_ACCOUNTDISABLE;
    await client.modify(
      entry.dn,
      new Change({
        operation: "replace",
        modification: new Attribute({ type: "userAccountControl", values: [String(uac)] }),
      }),
    );
    const expiredAt = fromFileTime(String(entry.accountExpires))?.toISOString() ?? null;
    report.disabled.push({ username, dn: entry.dn, expiredAt });
    audit.push({
      action: "directory_user.disabled",
      entityType: "directory_user",
      entityId: username,
      details: { dn: entry.dn, reason: "expired", expiredAt },
    });
  }
}

/**
 * A French reason for the report (IT reads it in the portal) and a detail for the log. `fatal`
 * means the DC itself is unreachable or refused the service account: the rest is not attempted.
 */
export function provisionFailure(error: unknown): { reason: string; detail: string; fatal: boolean } {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof AlreadyExistsError) {
    return { reason: "un objet du même nom existe déjà dans l'OU", detail, fatal: false };
  }
  if (error instanceof InsufficientAccessError) {
    return {
      reason: "le compte de service n'a pas les droits nécessaires sur cette OU",
      detail,
      fatal: true,
    };
  }
  if (error instanceof ConstraintViolationError || error instanceof UnwillingToPerformError) {
    const password = /52D|password|unicodePwd/i.test(detail);
    return {
      reason: password
        ? "mot de passe initial refusé par la politique de l'annuaire"
        : "l'annuaire a refusé la modification",
      detail,
      fatal: false,
    };
  }
  if (error instanceof NoSuchObjectError) {
    return { reason: "objet introuvable dans l'annuaire (OU ou groupe supprimé ?)", detail, fatal: false };
  }
  const failure = classifyDirectoryError(error);
  const fatal = failure.code !== "directory_error";
  return { reason: failureMessages[failure.code].fr, detail: failure.detail, fatal };
}
