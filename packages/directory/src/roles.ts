import type { Role } from "@tremplin/domain/auth";
import type { RoleGroups } from "./config";
import { normalizeDn } from "./ldap-values";

/**
 * Roles from the groups a user belongs to, nested membership included. A role whose group is
 * not configured is given to nobody, except learner: with no learner group, every directory
 * account that can sign in is a learner.
 */
export function rolesFromGroups(groupDns: string[], roleGroups: RoleGroups): Role[] {
  const member = new Set(groupDns.map(normalizeDn));
  const roles: Role[] = [];
  for (const role of ["learner", "trainer", "it_admin", "auditor"] as const) {
    const group = roleGroups[role];
    if (group ? member.has(normalizeDn(group)) : role === "learner") roles.push(role);
  }
  return roles;
}
