import type { TestUserState } from "@tremplin/testkit/samba-dc-admin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthResult, authenticate } from "./authenticate";
import { failureMessages } from "./errors";
import { escapeFilterValue } from "./ldap-values";
import { captureLogger, startTestDirectory, type TestDirectory } from "./testing/test-directory";

let t: TestDirectory;
beforeAll(async () => {
  t = await startTestDirectory();
});
afterAll(() => t?.stop());

async function signIn(login: string, password: string, overrides?: Record<string, string | undefined>) {
  const logger = captureLogger();
  const directory = await t.open(overrides, logger);
  try {
    const result = await authenticate(directory, { login, password });
    if (!result.ok) {
      // Every refusal leaves a log line naming its cause, and never the password.
      expect(logger.lines).toContainEqual(
        expect.objectContaining({
          level: "warn",
          fields: expect.objectContaining({ code: result.failure.code }),
        }),
      );
    }
    if (password.length > 3) expect(JSON.stringify(logger.lines)).not.toContain(password);
    return { result, logger };
  } finally {
    await directory.close();
  }
}

const code = (result: AuthResult) => (result.ok ? "ok" : result.failure.code);

describe("authenticate against a real AD DC", () => {
  it("accepts the three login forms and returns the profile", async () => {
    const ou = await t.admin.createOu();
    const user = await t.admin.createUser(ou, {
      username: "JDupont",
      displayName: "Jeanne Dupont",
      mail: "jeanne.dupont@region.example",
    });
    for (const login of ["JDupont", "jdupont", `${t.dc.netbiosDomain}\\jdupont`, `jdupont@${t.dc.realm}`]) {
      const { result } = await signIn(login, user.password);
      expect(result, login).toMatchObject({
        ok: true,
        user: {
          dn: user.dn,
          username: "jdupont",
          displayName: "Jeanne Dupont",
          email: "jeanne.dupont@region.example",
          roles: ["learner"],
        },
      });
      if (result.ok)
        expect(result.user.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it("maps roles from nested groups, configured by DN", async () => {
    const ou = await t.admin.createOu();
    const trainers = await t.admin.createGroup(ou, "Formateurs");
    const it_ = await t.admin.createGroup(ou, "DSI");
    const learners = await t.admin.createGroup(ou, "Apprenants");
    // The trainer is in "Formateurs Nord", itself a member of "Formateurs": nested, as AD sites do.
    const north = await t.admin.createGroup(ou, "Formateurs Nord");
    await t.admin.addMember(trainers, north);
    const trainer = await t.admin.createUser(ou, { groups: [north] });
    const admin = await t.admin.createUser(ou, { groups: [it_, learners] });
    const nobody = await t.admin.createUser(ou);
    const env = {
      // Spaces and case differ from AD's spelling on purpose: DNs compare as AD compares them.
      TREMPLIN_LDAP_GROUP_TRAINER: trainers.replace(/,/g, ", ").toUpperCase(),
      TREMPLIN_LDAP_GROUP_IT_ADMIN: it_,
      TREMPLIN_LDAP_GROUP_LEARNER: learners,
    };
    const roles = async (user: { username: string; password: string }) => {
      const { result } = await signIn(user.username, user.password, env);
      return result.ok ? result.user.roles : result.failure.code;
    };
    expect(await roles(trainer)).toEqual(["trainer"]);
    expect(await roles(admin)).toEqual(["learner", "it_admin"]);
    expect(await roles(nobody)).toEqual([]);
    const { result } = await signIn(trainer.username, trainer.password, env);
    expect(result.ok && result.user.groups.sort()).toEqual([north, trainers].sort());
  });

  it.each<[TestUserState, string]>([
    ["disabled", "account_disabled"],
    ["expired", "account_expired"],
    ["must-change", "must_change_password"],
    ["password-expired", "password_expired"],
    ["locked-out", "locked_out"],
    ["outside-hours", "logon_hours"],
    ["wrong-workstation", "workstation_restricted"],
  ])("tells a %s account apart (%s), with a French message and a log line", async (state, expected) => {
    const ou = await t.admin.createOu();
    const user = await t.admin.createUser(ou, { state });
    const { result, logger } = await signIn(user.username, user.password);
    expect(code(result)).toBe(expected);
    expect(!result.ok && result.failure.message.fr).toBe(failureMessages[expected as "locked_out"].fr);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: "warn", fields: expect.objectContaining({ code: expected }) }),
    );
  });

  it("answers a wrong password and an unknown account with the same message", async () => {
    const ou = await t.admin.createOu();
    const user = await t.admin.createUser(ou);
    const wrong = await signIn(user.username, "Not-the-password-1");
    const unknown = await signIn("nobody-here", "Not-the-password-1");
    const unknownUpn = await signIn(`nobody@${t.dc.realm}`, "Not-the-password-1");
    for (const { result } of [wrong, unknown, unknownUpn]) {
      expect(result).toEqual({
        ok: false,
        failure: expect.objectContaining({ code: "invalid_credentials" }),
      });
    }
    expect(wrong.result).toEqual(unknown.result);
    expect(JSON.stringify([wrong.result, unknown.result])).not.toMatch(
      /LdapErr|AcceptSecurityContext|52e|525/,
    );
    expect(JSON.stringify(wrong.logger.lines)).not.toContain("Not-the-password-1");
  });

  it("refuses an empty password before any bind (AD would take it as an anonymous success)", async () => {
    const ou = await t.admin.createOu();
    const user = await t.admin.createUser(ou);
    const { result } = await signIn(user.username, "");
    expect(code(result)).toBe("empty_password");
    // No bind reached AD: a failed one would have counted a bad password.
    const [entry] = (await t.admin.client.search(user.dn, { scope: "base", attributes: ["badPwdCount"] }))
      .searchEntries;
    expect(entry?.badPwdCount).toBe("0");
    // Same answer when the DC is not even reachable: nothing went on the wire.
    const offline = await signIn(user.username, "", { TREMPLIN_LDAP_URL: `ldaps://${t.dc.hostIp}:1` });
    expect(code(offline.result)).toBe("empty_password");
  });

  it("escapes filter metacharacters: an injection finds nothing, a name with parentheses works", async () => {
    const ou = await t.admin.createOu();
    const user = await t.admin.createUser(ou, { username: "o(brien)" });
    const group = await t.admin.createGroup(ou, "Formateurs (Sud)", [user.dn]);
    const { result } = await signIn("o(brien)", user.password, { TREMPLIN_LDAP_GROUP_TRAINER: group });
    expect(result).toMatchObject({ ok: true, user: { username: "o(brien)", roles: ["learner", "trainer"] } });

    for (const attack of [
      "*",
      "*)(sAMAccountName=*",
      `*)(objectClass=*))(|(cn=*`,
      `*@${t.dc.realm}`,
      "a\u0000b",
    ]) {
      expect(code((await signIn(attack, user.password)).result), attack).toBe("invalid_login");
    }
    // The escaping itself, against the DC's own filter parser: `*` must match nothing, not everyone.
    const directory = await t.open();
    const literal = await directory.search(t.dc.baseDn, {
      filter: `(sAMAccountName=${escapeFilterValue("*")})`,
      attributes: ["1.1"],
    });
    const wildcard = await directory.search(t.dc.baseDn, {
      filter: "(sAMAccountName=*)",
      attributes: ["1.1"],
    });
    await directory.close();
    expect(literal).toEqual([]);
    expect(wildcard.length).toBeGreaterThan(2);
  });

  it("bounds input lengths without a hang or a bind", async () => {
    expect(code((await signIn("a".repeat(100_000), "x")).result)).toBe("input_too_long");
    expect(code((await signIn("jdupont", "x".repeat(100_000))).result)).toBe("input_too_long");
    expect(code((await signIn("abcdefghijklmnopqrstuvwxyz", "x")).result)).toBe("invalid_login");
  });

  it("works without a service account, searching as the person", async () => {
    const ou = await t.admin.createOu();
    const group = await t.admin.createGroup(ou);
    const user = await t.admin.createUser(ou, { groups: [group] });
    const unset = { TREMPLIN_LDAP_BIND_DN: undefined, TREMPLIN_LDAP_BIND_PASSWORD: undefined };
    const { result } = await signIn(`${user.username}@${t.dc.realm}`, user.password, unset);
    expect(result).toMatchObject({ ok: true, user: { dn: user.dn, groups: [group] } });
    expect(code((await signIn(user.username, "Wrong-password-2", unset)).result)).toBe("invalid_credentials");
  });
});
