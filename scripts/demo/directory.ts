// The demo Active Directory of `npm start`: a Samba AD DC kept under <dataDir>/samba, provisioned
// once and reused, holding the demo accounts. Where it cannot run (not root, Samba missing), the
// portal keeps its local accounts and the caller prints the one-line reason.
import { randomBytes } from "node:crypto";
import { access, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { adPassword, attr, escapeFilterValue } from "@tremplin/directory/ldap-values";
import type { Role } from "@tremplin/domain/auth";
import { type SambaDc, startSambaDc } from "@tremplin/testkit/samba-dc";
import { type DcAdmin, openDcAdmin } from "@tremplin/testkit/samba-dc-admin";
import { Change, NoSuchObjectError } from "ldapts";

export type DemoDirectoryUser = {
  username: string;
  password: string;
  displayName: string;
  email?: string;
  roles: Role[];
};

export type DemoDirectory = {
  /** TREMPLIN_LDAP_* for the portal and the kiosk. */
  env: Record<string, string>;
  dc: SambaDc;
  stop(): Promise<void>;
};

/** The demo DC's own loopback address; test DCs draw from 127.0.86.2–254 and never take it. */
const DEMO_IP = "127.0.86.1";
const groupNames: Record<Role, string> = {
  learner: "Tremplin Apprenants",
  trainer: "Tremplin Formateurs",
  it_admin: "Tremplin DSI",
  auditor: "Tremplin Auditeurs",
};

/**
 * Starts (or provisions, the first time) the demo DC and makes sure the given accounts exist
 * with the given passwords and role groups. Returns `{ directory: null, reason }` when this
 * machine cannot run it.
 */
export async function startDemoDirectory(options: {
  dataDir: string;
  users: DemoDirectoryUser[];
  /** Any free test address instead of the demo's own (e2e runs beside a running demo). */
  anyAddress?: boolean;
}): Promise<{ directory: DemoDirectory; reason?: undefined } | { directory: null; reason: string }> {
  const missing = await unavailableReason();
  if (missing) return { directory: null, reason: missing };
  const dc = await startSambaDc({
    persistentDir: path.join(options.dataDir, "samba"),
    ...(options.anyAddress ? {} : { hostIp: DEMO_IP }),
  });
  try {
    const admin = await openDcAdmin(dc);
    try {
      const root = await ensureOu(admin, `OU=Tremplin,${dc.baseDn}`);
      const accounts = await ensureOu(admin, `OU=Comptes,${root}`);
      const trainees = await ensureOu(admin, `OU=Stagiaires,${root}`);
      const groups = {} as Record<Role, string>;
      for (const role of Object.keys(groupNames) as Role[])
        groups[role] = await ensureGroup(admin, root, groupNames[role]);
      const service = await ensureServiceAccount(admin, dc, accounts);
      for (const user of options.users) {
        await ensureUser(admin, { ou: accounts, user, groups: user.roles.map((role) => groups[role]) });
      }
      const env: Record<string, string> = {
        TREMPLIN_LDAP_URL: dc.ipUrl,
        TREMPLIN_LDAP_TLS_SERVERNAME: dc.servername,
        TREMPLIN_LDAP_CA_FILE: dc.caFile,
        TREMPLIN_LDAP_BASE_DN: dc.baseDn,
        TREMPLIN_LDAP_BIND_DN: service.dn,
        TREMPLIN_LDAP_BIND_PASSWORD: service.password,
        TREMPLIN_LDAP_USERS_OU: trainees,
        TREMPLIN_LDAP_GROUP_LEARNER: groups.learner,
        TREMPLIN_LDAP_GROUP_TRAINER: groups.trainer,
        TREMPLIN_LDAP_GROUP_IT_ADMIN: groups.it_admin,
        TREMPLIN_LDAP_GROUP_AUDITOR: groups.auditor,
      };
      return { directory: { env, dc, stop: () => dc.stop() } };
    } finally {
      await admin.close();
    }
  } catch (error) {
    await dc.stop();
    throw error;
  }
}

async function unavailableReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) {
    return "annuaire de démonstration non démarré (il faut être root pour Samba) : comptes locaux seulement";
  }
  for (const binary of ["/usr/sbin/samba", "/usr/bin/samba-tool", "/usr/sbin/winbindd"]) {
    const present = await access(binary).then(
      () => true,
      () => false,
    );
    if (!present) {
      return `annuaire de démonstration non démarré (${path.basename(binary)} absent : apt-get install samba winbind) : comptes locaux seulement`;
    }
  }
  return undefined;
}

async function ensureOu(admin: DcAdmin, dn: string): Promise<string> {
  if (!(await exists(admin, dn))) await admin.client.add(dn, { objectClass: ["top", "organizationalUnit"] });
  return dn;
}

async function ensureGroup(admin: DcAdmin, ou: string, name: string): Promise<string> {
  const dn = `CN=${name},${ou}`;
  if (!(await exists(admin, dn))) await admin.createGroup(ou, name);
  return dn;
}

/**
 * The portal's service account: a member of Account Operators, which AD's default security
 * descriptors allow to create and manage users and groups in OUs, and nothing more.
 */
async function ensureServiceAccount(admin: DcAdmin, dc: SambaDc, ou: string) {
  const file = path.join(dc.dir, "tremplin-service.json");
  const saved = await readFile(file, "utf8").then(
    (text) => JSON.parse(text) as { password: string },
    () => undefined,
  );
  const password = saved?.password ?? `Svc-${randomBytes(9).toString("base64url")}-7a`;
  if (!saved) {
    await writeFile(`${file}.tmp`, JSON.stringify({ password }), { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  }
  const operators = `CN=Account Operators,CN=Builtin,${dc.baseDn}`;
  const user = { username: "svc-tremplin", password, displayName: "Service Tremplin", roles: [] };
  const dn = await ensureUser(admin, { ou, user, groups: [operators] });
  return { dn, password };
}

/** Creates the account, or puts back its password, profile, enabled state and groups. */
async function ensureUser(
  admin: DcAdmin,
  { ou, user, groups }: { ou: string; user: DemoDirectoryUser; groups: string[] },
): Promise<string> {
  const { searchEntries } = await admin.client.search(ou.slice(ou.search(/DC=/i)), {
    filter: `(&(objectCategory=person)(sAMAccountName=${escapeFilterValue(user.username)}))`,
    attributes: ["memberOf"],
  });
  let dn = searchEntries[0]?.dn;
  if (!dn) {
    dn = (await admin.createUser(ou, { ...user, mail: user.email })).dn;
  } else {
    const replace = (type: string, value: string | Buffer) =>
      new Change({ operation: "replace", modification: attr(type, value) });
    await admin.client.modify(dn, [
      replace("unicodePwd", adPassword(user.password)),
      replace("displayName", user.displayName),
      replace("userAccountControl", "512"),
      replace("accountExpires", "0"),
      ...(user.email ? [replace("mail", user.email)] : []),
    ]);
  }
  const memberOf = [searchEntries[0]?.memberOf ?? []].flat().map((g) => String(g).toLowerCase());
  for (const group of groups) if (!memberOf.includes(group.toLowerCase())) await admin.addMember(group, dn);
  return dn;
}

async function exists(admin: DcAdmin, dn: string): Promise<boolean> {
  try {
    await admin.client.search(dn, { scope: "base", attributes: ["1.1"] });
    return true;
  } catch (error) {
    if (error instanceof NoSuchObjectError) return false;
    throw error;
  }
}
