import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "./authenticate";
import type { Directory } from "./client";
import { fromFileTime } from "./ldap-values";
import { type ProvisionInput, provisionSession } from "./provision";
import { startTestDirectory, type TestDirectory } from "./testing/test-directory";

let t: TestDirectory;
beforeAll(async () => {
  t = await startTestDirectory();
});
afterAll(() => t?.stop());

const day = 86_400_000;
const now = new Date();
const code = () => randomBytes(4).toString("hex");
const name = () => `st${randomBytes(3).toString("hex")}`;

/** A directory whose service account may write (the DC's Administrator), for a fresh OU. */
async function setup(extra: Record<string, string> = {}) {
  const ouDn = `OU=Stagiaires-${code()},${t.dc.baseDn}`;
  const directory = await t.open({
    TREMPLIN_LDAP_BIND_DN: t.dc.adminDn,
    TREMPLIN_LDAP_BIND_PASSWORD: t.dc.adminPassword,
    TREMPLIN_LDAP_USERS_OU: ouDn,
    TREMPLIN_LDAP_GRACE_DAYS: "7",
    ...extra,
  });
  return { ouDn, directory };
}

const session = (endsInDays = 10, c = code()) => ({
  code: c,
  title: "Bureautique — Word niveau 1",
  endsAt: new Date(now.getTime() + endsInDays * day),
});

async function read(dn: string, attributes: string[]) {
  const { searchEntries } = await t.admin.client.search(dn, { scope: "base", attributes });
  return searchEntries[0]!;
}

const login = (directory: Directory, username: string, password: string) =>
  authenticate(directory, { login: username, password }).then((r) => (r.ok ? "ok" : r.failure.code));

describe("provisionSession against a real AD DC", () => {
  it("creates the OU, the session group and the accounts, with a one-time password that works", async () => {
    const { ouDn, directory } = await setup({ TREMPLIN_LDAP_MUST_CHANGE_PASSWORD: "false" });
    const s = session();
    const trainees = [
      {
        username: name(),
        displayName: "Awa Diallo",
        givenName: "Awa",
        surname: "Diallo",
        email: "awa@example.org",
      },
      { username: name(), displayName: "Marc Petit" },
    ];
    const { report, audit } = await provisionSession(directory, { session: s, trainees, now });
    expect(report.created.map((c) => c.username)).toEqual(trainees.map((x) => x.username));
    expect(report).toMatchObject({ updated: [], unchanged: [], failed: [], disabled: [] });
    const awa = report.created[0]!;
    expect(await login(directory, awa.username, awa.initialPassword)).toBe("ok");

    const entry = await read(awa.dn, [
      "accountExpires",
      "memberOf",
      "mail",
      "givenName",
      "sn",
      "displayName",
    ]);
    expect(fromFileTime(String(entry.accountExpires))).toEqual(new Date(s.endsAt.getTime() + 7 * day));
    expect(entry).toMatchObject({
      mail: "awa@example.org",
      givenName: "Awa",
      sn: "Diallo",
      displayName: "Awa Diallo",
    });
    expect(String(entry.memberOf)).toBe(`CN=ses-${s.code},${ouDn}`);
    expect(audit.map((a) => a.action)).toEqual([
      "directory_ou.created",
      "directory_group.created",
      "directory_user.created",
      "directory_user.created",
    ]);
    // The initial passwords are returned once and written nowhere else.
    expect(JSON.stringify(audit)).not.toContain(awa.initialPassword);
    await directory.close();
  });

  it("asks for a new password at first sign-in when the policy says so", async () => {
    const { directory } = await setup();
    const { report } = await provisionSession(directory, {
      session: session(),
      trainees: [{ username: name(), displayName: "Léa Martin" }],
      now,
    });
    const lea = report.created[0]!;
    expect(await login(directory, lea.username, lea.initialPassword)).toBe("must_change_password");
    await directory.close();
  });

  it("nests the session group in the learner group, so that trainees sign in as learners", async () => {
    const learners = await t.admin.createGroup(await t.admin.createOu(), "Apprenants");
    const { directory } = await setup({
      TREMPLIN_LDAP_GROUP_LEARNER: learners,
      TREMPLIN_LDAP_MUST_CHANGE_PASSWORD: "no",
    });
    const input = { session: session(), trainees: [{ username: name(), displayName: "Sami Haddad" }], now };
    const { report, audit } = await provisionSession(directory, input);
    expect(audit.map((a) => a.action)).toContain("directory_group.member_added");
    const sami = report.created[0]!;
    const signedIn = await authenticate(directory, { login: sami.username, password: sami.initialPassword });
    expect(signedIn).toMatchObject({ ok: true, user: { roles: ["learner"] } });
    expect((await provisionSession(directory, input)).audit).toEqual([]);
    await directory.close();
  });

  it("is idempotent: a second run changes nothing and writes no audit entry", async () => {
    const { directory } = await setup();
    const input: ProvisionInput = {
      session: session(),
      trainees: [
        { username: name(), displayName: "Inès Roux", email: "ines@example.org" },
        { username: name(), displayName: "Yann Le Gall" },
      ],
      now,
    };
    await provisionSession(directory, input);
    const again = await provisionSession(directory, input);
    expect(again.report).toEqual({
      created: [],
      updated: [],
      disabled: [],
      failed: [],
      unchanged: input.trainees.map((x) => (x as { username: string }).username),
    });
    expect(again.audit).toEqual([]);
    await directory.close();
  });

  it("updates what changed, keeps the later expiry, and follows the list's membership", async () => {
    const { directory } = await setup();
    const [a, b] = [name(), name()];
    const first = session(30);
    await provisionSession(directory, {
      session: first,
      trainees: [
        { username: a, displayName: "Nadia B" },
        { username: b, displayName: "Hugo C" },
      ],
      now,
    });
    const renamed = await provisionSession(directory, {
      session: first,
      trainees: [{ username: a, displayName: "Nadia Benali", email: "nadia@example.org" }],
      now,
    });
    expect(renamed.report.updated).toEqual([
      expect.objectContaining({ username: a, changes: ["displayName", "mail"] }),
      expect.objectContaining({ username: b, changes: ["retiré du groupe de session"] }),
    ]);
    // A shorter session for the same trainee neither shortens the expiry nor moves the account.
    const shorter = await provisionSession(directory, {
      session: session(5),
      trainees: [{ username: a, displayName: "Nadia Benali", email: "nadia@example.org" }],
      now,
    });
    expect(shorter.report.updated).toEqual([
      expect.objectContaining({ username: a, changes: ["groupe de session"] }),
    ]);
    const dn = shorter.report.updated[0]!.dn;
    expect(fromFileTime(String((await read(dn, ["accountExpires"])).accountExpires))).toEqual(
      new Date(first.endsAt.getTime() + 7 * day),
    );
    await directory.close();
  });

  it("never touches an account of the same name outside the managed OU, and reports bad entries", async () => {
    const staffOu = await t.admin.createOu();
    const staff = await t.admin.createUser(staffOu, { displayName: "Agent de la Région" });
    const { directory } = await setup();
    const { report } = await provisionSession(directory, {
      session: session(),
      trainees: [
        { username: staff.username, displayName: "Homonyme" },
        { username: "bad*name", displayName: "Injection" },
        { username: "x".repeat(21), displayName: "Trop long" },
      ],
      now,
    });
    expect(report.failed).toEqual([
      { username: staff.username, reason: expect.stringContaining("hors de l'OU gérée") },
      { username: "bad*name", reason: expect.stringContaining("identifiant AD invalide") },
      { username: "x".repeat(21), reason: expect.stringContaining("identifiant AD invalide") },
    ]);
    expect((await read(staff.dn, ["displayName"])).displayName).toBe("Agent de la Région");
    await directory.close();
  });

  it("disables expired accounts, re-enables them on a new enrolment, leaves admins' choices alone", async () => {
    const { ouDn, directory } = await setup({ TREMPLIN_LDAP_MUST_CHANGE_PASSWORD: "false" });
    const username = name();
    const trainee = { username, displayName: "Chloé Vidal" };
    const { report } = await provisionSession(directory, { session: session(1), trainees: [trainee], now });
    const later = new Date(now.getTime() + 9 * day); // past end (1 day) + grace (7 days)
    const sweep = await provisionSession(directory, { session: session(20), trainees: [], now: later });
    expect(sweep.report.disabled).toEqual([expect.objectContaining({ username, dn: report.created[0]!.dn })]);
    expect(sweep.audit).toContainEqual(
      expect.objectContaining({ action: "directory_user.disabled", entityId: username }),
    );

    const back = await provisionSession(directory, { session: session(30), trainees: [trainee], now: later });
    const reenabled = back.report.updated[0]!;
    expect(reenabled.changes).toContain("réactivé");
    expect(await login(directory, username, reenabled.initialPassword!)).toBe("ok");

    const held = await t.admin.createUser(ouDn, { state: "disabled" });
    const refused = await provisionSession(directory, {
      session: session(30),
      trainees: [{ username: held.username, displayName: held.displayName }],
      now,
    });
    expect(refused.report.failed).toEqual([
      { username: held.username, reason: expect.stringContaining("désactivé par un administrateur") },
    ]);
    await directory.close();
  });

  it("stops cleanly when the service account may not write, and refuses a finished session", async () => {
    const { ouDn, directory } = await setup();
    await provisionSession(directory, { session: session(), trainees: [], now });
    const weak = await t.open({ TREMPLIN_LDAP_USERS_OU: ouDn });
    const s = session();
    await expect(provisionSession(weak, { session: s, trainees: [], now })).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("droits"),
    });
    await expect(
      provisionSession(directory, { session: session(-30), trainees: [], now }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
    await weak.close();
    await directory.close();
  });
});
