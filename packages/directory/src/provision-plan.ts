import { parseLoginName } from "@tremplin/domain/auth";
import { z } from "zod";
import { neverExpires, normalizeDn, toFileTime } from "./ldap-values";

/** userAccountControl bits (MS-ADTS 2.2.16). */
export const UAC_ACCOUNTDISABLE = 0x2;
export const UAC_NORMAL_ACCOUNT = 0x200;

export const traineeSchema = z.object({
  username: z
    .string()
    .trim()
    .refine((v) => {
      const parsed = parseLoginName(v);
      return parsed.ok && parsed.login.kind === "sam";
    }, 'identifiant AD invalide (1 à 20 caractères, sans " / \\ [ ] : ; | = , + * ? < > @)'),
  displayName: z.string().trim().min(1).max(256),
  givenName: z.string().trim().min(1).max(64).optional(),
  surname: z.string().trim().min(1).max(64).optional(),
  email: z.email().max(256).nullish(),
});
export type Trainee = z.infer<typeof traineeSchema>;

export const sessionSchema = z.object({
  /** Short code naming the session's AD group `ses-<code>` (sAMAccountName: 20 characters at most). */
  code: z.string().regex(/^[A-Za-z0-9-]{1,16}$/, "code de session : 1 à 16 lettres, chiffres ou tirets"),
  title: z.string().trim().min(1).max(256),
  endsAt: z.date(),
});
export type SessionToProvision = z.infer<typeof sessionSchema>;

/** What AD holds for an account, read before deciding anything. */
export type ExistingAccount = {
  dn: string;
  displayName: string | null;
  givenName: string | null;
  sn: string | null;
  mail: string | null;
  userPrincipalName: string | null;
  accountExpires: bigint;
  userAccountControl: number;
  memberOf: string[];
};

export type AccountPlan =
  | { kind: "unchanged" }
  | {
      kind: "update";
      replace: Record<string, string>;
      addToGroup: boolean;
      /** Expired and disabled, now enrolled again: enable with a new initial password. */
      reenable: boolean;
      changes: string[];
    }
  | { kind: "refuse"; reason: string };

/** accountExpires for a session: its end plus the grace period. */
export function expiryFor(session: SessionToProvision, graceDays: number): bigint {
  return toFileTime(new Date(session.endsAt.getTime() + graceDays * 86_400_000));
}

/** The attributes Tremplin manages on a trainee account, from the enrolment data. */
export function desiredAttributes(trainee: Trainee, upnSuffix: string): Record<string, string> {
  const wanted: Record<string, string | null | undefined> = {
    displayName: trainee.displayName,
    givenName: trainee.givenName,
    sn: trainee.surname,
    mail: trainee.email,
    userPrincipalName: `${trainee.username.toLowerCase()}@${upnSuffix}`,
  };
  return Object.fromEntries(Object.entries(wanted).filter((e): e is [string, string] => Boolean(e[1])));
}

/**
 * Decides what to change on an account that already exists in the managed OU. Pure, so that a
 * second run with the same list provably changes nothing. The expiry only ever moves later:
 * a trainee in two sessions keeps the later end.
 */
export function planAccountUpdate(
  existing: ExistingAccount,
  input: { desired: Record<string, string>; expires: bigint; groupDn: string; now: Date },
): AccountPlan {
  const changes: string[] = [];
  const replace: Record<string, string> = {};
  for (const [attribute, value] of Object.entries(input.desired)) {
    const current = existing[attribute as keyof ExistingAccount];
    if (current !== value) {
      replace[attribute] = value;
      changes.push(attribute);
    }
  }
  const current = existing.accountExpires === 0n ? neverExpires : existing.accountExpires;
  if (input.expires > current) {
    replace.accountExpires = input.expires.toString();
    changes.push("accountExpires");
  }
  const disabled = (existing.userAccountControl & UAC_ACCOUNTDISABLE) !== 0;
  const expired = current <= toFileTime(input.now);
  if (disabled && !expired) {
    return { kind: "refuse", reason: "compte désactivé par un administrateur : à réactiver à la main" };
  }
  const reenable = disabled && expired;
  if (reenable) changes.push("réactivé");
  const group = normalizeDn(input.groupDn);
  const addToGroup = !existing.memberOf.some((dn) => normalizeDn(dn) === group);
  if (addToGroup) changes.push("groupe de session");
  return changes.length === 0
    ? { kind: "unchanged" }
    : { kind: "update", replace, addToGroup, reenable, changes };
}
