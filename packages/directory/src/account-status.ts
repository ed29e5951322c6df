import type { Role } from "@tremplin/domain/auth";
import { z } from "zod";
import type { Directory } from "./client";
import { DirectoryError } from "./errors";
import { escapeFilterValue, fromFileTime } from "./ldap-values";
import { nestedGroupsFilter } from "./profile";
import { UAC_ACCOUNTDISABLE } from "./provision-plan";
import { rolesFromGroups } from "./roles";

/** What AD says of an account now: whether it may still be used, and its roles if so. */
export type AccountStatus =
  | { state: "active"; roles: Role[] }
  | { state: "disabled" | "expired" | "missing" };

const entrySchema = z.object({
  dn: z.string().min(1),
  userAccountControl: z.string().regex(/^\d+$/).transform(Number),
  accountExpires: z
    .string()
    .regex(/^\d+$/)
    .optional()
    .transform((v) => (v === undefined ? null : fromFileTime(v))),
});

/**
 * Reads an account's state with the service account, for a session that is already open: a
 * person disabled, expired or removed in AD, or moved out of a role's group, loses it in the
 * portal at the next check rather than at the next sign-in.
 */
export async function readAccountStatus(
  directory: Directory,
  username: string,
  now: Date,
): Promise<AccountStatus> {
  const { config } = directory;
  const entries = await directory.search(config.baseDn, {
    scope: "sub",
    filter: `(&(objectCategory=person)(objectClass=user)(sAMAccountName=${escapeFilterValue(username)}))`,
    attributes: ["userAccountControl", "accountExpires"],
  });
  if (entries.length !== 1) return { state: "missing" };
  const parsed = entrySchema.safeParse(entries[0]);
  if (!parsed.success) {
    throw new DirectoryError(
      "directory_error",
      `compte illisible (${entries[0]!.dn}) : ${parsed.error.message}`,
    );
  }
  const entry = parsed.data;
  if (entry.userAccountControl & UAC_ACCOUNTDISABLE) return { state: "disabled" };
  if (entry.accountExpires && entry.accountExpires.getTime() <= now.getTime()) return { state: "expired" };
  const groups = await directory.search(config.baseDn, {
    scope: "sub",
    filter: nestedGroupsFilter(entry.dn),
    attributes: ["1.1"],
  });
  return {
    state: "active",
    roles: rolesFromGroups(
      groups.map((g) => g.dn),
      config.roleGroups,
    ),
  };
}
