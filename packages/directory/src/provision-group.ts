import { Change, type Client, NoSuchObjectError } from "ldapts";
import { attr, escapeDnValue, escapeFilterValue, normalizeDn } from "./ldap-values";
import type { SessionToProvision } from "./provision-plan";
import type { AuditEntry, ProvisionReport } from "./provision-steps";

export async function ensureOu(client: Client, ouDn: string, audit: AuditEntry[]): Promise<void> {
  try {
    await client.search(ouDn, { scope: "base", attributes: ["1.1"] });
  } catch (error) {
    if (!(error instanceof NoSuchObjectError)) throw error;
    await client.add(ouDn, { objectClass: ["top", "organizationalUnit"] });
    audit.push({ action: "directory_ou.created", entityType: "directory_ou", entityId: ouDn, details: {} });
  }
}

/**
 * The session's group `ses-<code>` in the managed OU. When a learner group is configured, the
 * session group is made a member of it: its trainees get the learner role through nesting.
 */
export async function ensureGroup(
  client: Client,
  target: { usersOu: string; session: SessionToProvision; learnerGroup?: string },
  audit: AuditEntry[],
): Promise<string> {
  const { usersOu, session, learnerGroup } = target;
  const name = `ses-${session.code}`;
  const { searchEntries } = await client.search(usersOu, {
    scope: "one",
    filter: `(&(objectClass=group)(sAMAccountName=${escapeFilterValue(name)}))`,
    attributes: ["memberOf"],
  });
  let dn = searchEntries[0]?.dn;
  const memberOf = [searchEntries[0]?.memberOf ?? []].flat().map(String);
  if (!dn) {
    dn = `CN=${escapeDnValue(name)},${usersOu}`;
    // groupType -2147483646: global security group, what AD creates by default.
    await client.add(dn, {
      objectClass: ["top", "group"],
      sAMAccountName: name,
      groupType: "-2147483646",
      description: session.title,
    });
    audit.push({
      action: "directory_group.created",
      entityType: "directory_group",
      entityId: dn,
      details: { session: session.code, title: session.title },
    });
  }
  if (learnerGroup && !memberOf.some((g) => normalizeDn(g) === normalizeDn(learnerGroup))) {
    await client.modify(learnerGroup, new Change({ operation: "add", modification: attr("member", dn) }));
    audit.push({
      action: "directory_group.member_added",
      entityType: "directory_group",
      entityId: learnerGroup,
      details: { member: dn, session: session.code },
    });
  }
  return dn;
}

export async function removeStaleMembers(
  client: Client,
  groupDn: string,
  keep: string[],
  report: ProvisionReport,
  audit: AuditEntry[],
): Promise<void> {
  const { searchEntries } = await client.search(groupDn, { scope: "base", attributes: ["member"] });
  const member = searchEntries[0]?.member;
  const current = Array.isArray(member) ? member.map(String) : member ? [String(member)] : [];
  const normalizedKeep = new Set(keep.map(normalizeDn));
  for (const dn of current.filter((m) => !normalizedKeep.has(normalizeDn(m)))) {
    await client.modify(groupDn, new Change({ operation: "delete", modification: attr("member", dn) }));
    const { searchEntries: found } = await client.search(dn, {
      scope: "base",
      attributes: ["sAMAccountName"],
    });
    const username = String(found[0]?.sAMAccountName ?? dn);
    report.updated.push({ username, dn, changes: ["retiré du groupe de session"] });
    audit.push({
      action: "directory_group.member_removed",
      entityType: "directory_group",
      entityId: groupDn,
      details: { member: dn, username },
    });
  }
}
