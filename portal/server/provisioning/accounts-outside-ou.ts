import "server-only";
import type { Directory } from "@tremplin/directory/client";
import { escapeFilterValue, normalizeDn } from "@tremplin/directory/ldap-values";

const perSearch = 50;

/**
 * The usernames (lower case) whose AD account lives outside the managed OU: staff of the
 * Région following a training with their usual account. Provisioning never touches those, and
 * they need nothing: they are reported as skipped, not as failures that IT would learn to ignore.
 */
export async function findAccountsOutsideOu(
  directory: Directory,
  input: { usernames: string[]; usersOu: string },
): Promise<Set<string>> {
  const outside = new Set<string>();
  const ou = normalizeDn(input.usersOu);
  for (let i = 0; i < input.usernames.length; i += perSearch) {
    const names = input.usernames.slice(i, i + perSearch);
    const filter = `(&(objectCategory=person)(objectClass=user)(|${names
      .map((n) => `(sAMAccountName=${escapeFilterValue(n)})`)
      .join("")}))`;
    const entries = await directory.search(directory.config.baseDn, {
      scope: "sub",
      filter,
      attributes: ["sAMAccountName"],
    });
    for (const entry of entries) {
      if (!normalizeDn(entry.dn).endsWith(`,${ou}`)) outside.add(String(entry.sAMAccountName).toLowerCase());
    }
  }
  return outside;
}
