import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { Attribute, Change, Client, InvalidCredentialsError } from "ldapts";
import type { SambaDc } from "./samba-dc";

/** Every account state the directory layer must tell apart (AD bind sub-code in brackets). */
export type TestUserState =
  | "valid"
  | "disabled" // 533
  | "expired" // 701: accountExpires in the past
  | "must-change" // 773: pwdLastSet = 0
  | "password-expired" // 532: password older than the domain's maximum age
  | "locked-out" // 775: as many bad binds as the lockout threshold
  | "outside-hours" // 530: logonHours all zero
  | "wrong-workstation"; // 531: userWorkstations names another machine

export type TestUser = { dn: string; username: string; upn: string; password: string; displayName: string };

export type NewTestUser = {
  username?: string;
  password?: string;
  displayName?: string;
  mail?: string;
  state?: TestUserState;
  /** Group DNs to add the user to (direct membership). */
  groups?: string[];
};

export type DcAdmin = {
  client: Client;
  /** A fresh OU under the domain root, named `name` or randomly. */
  createOu(name?: string): Promise<string>;
  createGroup(ouDn: string, name?: string, members?: string[]): Promise<string>;
  addMember(groupDn: string, memberDn: string): Promise<void>;
  /** One group per Tremplin role in `ouDn`, for TREMPLIN_LDAP_GROUP_*; IT and trainers are members of them. */
  createRoleGroups(
    ouDn: string,
  ): Promise<{ learner: string; trainer: string; it_admin: string; auditor: string }>;
  createUser(ouDn: string, user?: NewTestUser): Promise<TestUser>;
  close(): Promise<void>;
};

/** Lockout threshold that `startSambaDc` sets: a user locks after this many bad passwords. */
export const lockoutThreshold = 5;

/** A client bound as the domain Administrator over LDAPS, with helpers to build test data. */
export async function openDcAdmin(dc: SambaDc): Promise<DcAdmin> {
  const ca = await readFile(dc.caFile);
  const connect = () =>
    new Client({
      url: dc.ipUrl,
      tlsOptions: { ca, servername: dc.servername },
      timeout: 15_000,
      connectTimeout: 5_000,
    });
  const client = connect();
  await client.bind(dc.adminDn, dc.adminPassword);

  const admin: DcAdmin = {
    client,
    async createOu(name = `t-${hex(5)}`) {
      const dn = `OU=${name},${dc.baseDn}`;
      await client.add(dn, { objectClass: ["top", "organizationalUnit"], ou: name });
      return dn;
    },
    async createGroup(ouDn, name = `g-${hex(5)}`, members = []) {
      const dn = `CN=${name},${ouDn}`;
      // groupType -2147483646: global security group, as AD creates by default.
      await client.add(dn, {
        objectClass: ["top", "group"],
        sAMAccountName: name,
        groupType: "-2147483646",
        ...(members.length ? { member: members } : {}),
      });
      return dn;
    },
    async addMember(groupDn, memberDn) {
      await client.modify(groupDn, new Change({ operation: "add", modification: attr("member", memberDn) }));
    },
    async createRoleGroups(ouDn) {
      return {
        learner: await admin.createGroup(ouDn, `Apprenants-${hex(3)}`),
        trainer: await admin.createGroup(ouDn, `Formateurs-${hex(3)}`),
        it_admin: await admin.createGroup(ouDn, `DSI-${hex(3)}`),
        auditor: await admin.createGroup(ouDn, `Auditeurs-${hex(3)}`),
      };
    },
    createUser: (ouDn, user = {}) => createUser(dc, admin, connect, ouDn, user),
    close: () => client.unbind(),
  };
  return admin;
}

async function createUser(
  dc: SambaDc,
  admin: DcAdmin,
  connect: () => Client,
  ouDn: string,
  user: NewTestUser,
): Promise<TestUser> {
  const username = user.username ?? `u${hex(5)}`;
  const password = user.password ?? `Pw-${hex(6)}-k7Q`;
  const displayName = user.displayName ?? `Test ${username}`;
  const state = user.state ?? "valid";
  const dn = `CN=${escapeRdn(username)},${ouDn}`;
  const attributes = [
    attr("objectClass", ["top", "person", "organizationalPerson", "user"]),
    attr("sAMAccountName", username),
    attr("userPrincipalName", `${username}@${dc.realm}`),
    attr("displayName", displayName),
    attr("unicodePwd", adPassword(password)),
    // 512 NORMAL_ACCOUNT, 514 = the same, disabled.
    attr("userAccountControl", state === "disabled" ? "514" : "512"),
  ];
  if (user.mail) attributes.push(attr("mail", user.mail));
  // accountExpires is a FILETIME; one hour ago is expired without depending on clock skew.
  if (state === "expired")
    attributes.push(attr("accountExpires", String(toFileTime(Date.now() - 3_600_000))));
  if (state === "must-change") attributes.push(attr("pwdLastSet", "0"));
  if (state === "outside-hours") attributes.push(attr("logonHours", Buffer.alloc(21)));
  if (state === "wrong-workstation") attributes.push(attr("userWorkstations", "AUTREPOSTE"));
  await admin.client.add(dn, attributes);
  for (const group of user.groups ?? []) await admin.addMember(group, dn);
  if (state === "password-expired") await ageUserPassword(dc, dn, password, 60);
  if (state === "locked-out") await lockOut(connect, dn);
  return { dn, username, upn: `${username}@${dc.realm}`, password, displayName };
}

/** Bad binds up to the lockout threshold, as an attacker guessing would do. */
async function lockOut(connect: () => Client, dn: string): Promise<void> {
  for (let i = 0; i < lockoutThreshold; i++) {
    const client = connect();
    try {
      await client.bind(dn, `wrong-${i}`);
      throw new Error(`bind with a wrong password succeeded for ${dn}`);
    } catch (error) {
      if (!(error instanceof InvalidCredentialsError)) throw error;
    } finally {
      await client.unbind();
    }
  }
}

/**
 * Sets the password again with a `pwdLastSet` of `days` ago, so that it is past the domain's
 * maximum age (42 days by default) and the bind answers 532. Over LDAP, AD only lets
 * pwdLastSet be 0 or -1; on the DC's own database Samba's DSDB_CONTROL_PASSWORD_BYPASS_LAST_SET
 * (the control its upgrade path uses to import passwords with their age) keeps ours.
 */
async function ageUserPassword(dc: SambaDc, dn: string, password: string, days: number): Promise<void> {
  const script = `
import sys, ldb
from samba.samdb import SamDB
from samba.auth import system_session
from samba.param import LoadParm
lp = LoadParm(); lp.load(sys.argv[1])
db = SamDB(url=sys.argv[2], session_info=system_session(), lp=lp)
m = ldb.Message(); m.dn = ldb.Dn(db, sys.argv[3])
m["clearTextPassword"] = ldb.MessageElement(sys.argv[4].encode("utf-16-le"), ldb.FLAG_MOD_REPLACE, "clearTextPassword")
m["pwdLastSet"] = ldb.MessageElement(sys.argv[5], ldb.FLAG_MOD_REPLACE, "pwdLastSet")
db.modify(m, controls=["local_oid:1.3.6.1.4.1.7165.4.3.20:0"])
`;
  // Debian's samba modules live in the system interpreter's path, not in a pyenv one.
  await execa(
    "/usr/bin/python3",
    [
      "-c",
      script,
      path.join(dc.dir, "etc", "smb.conf"),
      path.join(dc.dir, "private", "sam.ldb"),
      dn,
      password,
      String(toFileTime(Date.now() - days * 86_400_000)),
    ],
    { timeout: 30_000 },
  );
}

/** AD's unicodePwd: the password in double quotes, UTF-16LE (MS-ADTS 3.1.1.3.1.5). */
export function adPassword(password: string): Buffer {
  return Buffer.from(`"${password}"`, "utf16le");
}

/** Milliseconds since 1970 → FILETIME (100 ns ticks since 1601), as accountExpires wants. */
export function toFileTime(ms: number): bigint {
  return (BigInt(Math.round(ms)) + 11_644_473_600_000n) * 10_000n;
}

/** RFC 4514 escaping of an RDN value (enough for test names). */
function escapeRdn(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]|[ ]$/g, (c) => `\\${c}`);
}

function attr(type: string, values: string | string[] | Buffer): Attribute {
  if (Buffer.isBuffer(values)) return new Attribute({ type, values: [values] });
  return new Attribute({ type, values: Array.isArray(values) ? values : [values] });
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
