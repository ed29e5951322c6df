import type { Database } from "@tremplin/db/client";
import { findUserSession, openUserSession } from "@tremplin/db/queries/user-sessions";
import { findUserByUsername } from "@tremplin/db/queries/users";
import { createTestDatabase } from "@tremplin/db/testing";
import { authenticate } from "@tremplin/directory/authenticate";
import type { Directory } from "@tremplin/directory/client";
import { readLockoutPolicy } from "@tremplin/directory/lockout-policy";
import { startTestDirectory, type TestDirectory } from "@tremplin/directory/testing";
import { throttlePolicyFor } from "@tremplin/domain/auth";
import { lockoutThreshold } from "@tremplin/testkit/samba-dc-admin";
import { Attribute, Change } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recheckDirectoryUser } from "./recheck-directory-user";
import { registerLocalLearner } from "./register-local-learner";
import { signInWithPassword } from "./sign-in";

let ad: TestDirectory;
let directory: Directory;
let database: Database;
let ou: string;
let groups: { learner: string; trainer: string; it_admin: string; auditor: string };

beforeAll(async () => {
  [ad, database] = await Promise.all([startTestDirectory(), createTestDatabase()]);
  ou = await ad.admin.createOu();
  groups = await ad.admin.createRoleGroups(ou);
  directory = await ad.open({
    TREMPLIN_LDAP_GROUP_LEARNER: groups.learner,
    TREMPLIN_LDAP_GROUP_TRAINER: groups.trainer,
    TREMPLIN_LDAP_GROUP_IT_ADMIN: groups.it_admin,
    TREMPLIN_LDAP_GROUP_AUDITOR: groups.auditor,
  });
});
afterAll(async () => {
  await directory?.close();
  await database?.close();
  await ad?.stop();
});

const now = new Date("2026-11-23T09:00:00Z");
const signIn = (username: string, password: string, source = "192.0.2.10") =>
  signInWithPassword({ db: database.db, directory, now }, { username, password, source });

describe("portal sign-in against Active Directory", () => {
  it("signs a trainer in with any login form and records them with roles from AD groups", async () => {
    const trainer = await ad.admin.createUser(ou, {
      displayName: "Hélène Garnier",
      groups: [groups.trainer],
    });
    for (const login of [trainer.username, `${ad.dc.netbiosDomain}\\${trainer.username}`, trainer.upn]) {
      const result = await signIn(login, trainer.password);
      expect(result).toMatchObject({
        ok: true,
        user: { name: "Hélène Garnier", roles: ["trainer"], source: "directory" },
      });
    }
    const row = await findUserByUsername(database.db, trainer.username);
    expect(row).toMatchObject({ source: "directory", roles: ["trainer"], passwordHash: null });
    expect(row?.directoryGuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ["disabled", "account_disabled"],
    ["expired", "account_expired"],
    ["must-change", "must_change_password"],
    ["locked-out", "locked_out"],
  ] as const)("tells a %s account apart: %s", async (state, code) => {
    const user = await ad.admin.createUser(ou, { state });
    expect(await signIn(user.username, user.password)).toEqual({ ok: false, code });
  });

  it("gives a wrong password and an unknown account the same answer", async () => {
    const user = await ad.admin.createUser(ou);
    expect(await signIn(user.username, "pas le bon")).toEqual({ ok: false, code: "invalid_credentials" });
    expect(await signIn("personne-de-ce-nom", "pas le bon")).toEqual({
      ok: false,
      code: "invalid_credentials",
    });
  });

  it("refuses an empty password before any bind and treats an injection as a wrong login", async () => {
    const user = await ad.admin.createUser(ou);
    expect(await signIn(user.username, "")).toEqual({ ok: false, code: "invalid_input" });
    expect(await signIn("*)(sAMAccountName=*", user.password)).toEqual({
      ok: false,
      code: "invalid_credentials",
    });
  });

  it("makes an address guessing at an account wait, but lets the person in from their own desk", async () => {
    const user = await ad.admin.createUser(ou);
    const codes = [];
    for (let i = 0; i < 4; i++) {
      const result = await signIn(user.username, `faux-${i}`, "198.51.100.66");
      codes.push(result.ok ? "ok" : result.code);
    }
    expect(codes).toEqual([...Array(3).fill("invalid_credentials"), "rate_limited"]);
    // Not even the right password is tried from that address while it waits.
    expect(await signIn(user.username, user.password, "198.51.100.66")).toEqual({
      ok: false,
      code: "rate_limited",
    });
    expect(await signIn(user.username, user.password, "192.0.2.99")).toMatchObject({ ok: true });
  });

  it("reads the domain's lockout policy and never lets guesses through the portal lock the account in AD", async () => {
    const lockout = await readLockoutPolicy(directory);
    expect(lockout).toEqual({ threshold: lockoutThreshold, observationWindowMs: 30 * 60_000 });
    const policy = throttlePolicyFor(lockout);
    const user = await ad.admin.createUser(ou);
    // Guesses from many addresses, ten minutes apart on the portal's clock: each one past any
    // back-off, all inside AD's observation window (the DC sees them within seconds).
    const codes = [];
    for (let i = 0; i < 7; i++) {
      const at = new Date(now.getTime() + i * 10 * 60_000);
      const result = await signInWithPassword(
        { db: database.db, directory, now: at, policy },
        { username: user.username, password: `faux-${i}`, source: `203.0.113.${i}` },
      );
      codes.push(result.ok ? "ok" : result.code);
    }
    expect(codes).toEqual([...Array(4).fill("invalid_credentials"), ...Array(3).fill("rate_limited")]);
    // AD itself still takes the right password: the account is not locked out.
    const direct = await authenticate(directory, { login: user.username, password: user.password });
    expect(direct).toMatchObject({ ok: true });
  });

  it("ends a directory account's sessions once AD disables it, and when its groups change", async () => {
    const user = await ad.admin.createUser(ou, { groups: [groups.learner] });
    const signedIn = await signIn(user.username, user.password, "192.0.2.120");
    expect(signedIn).toMatchObject({ ok: true, user: { roles: ["learner"] } });
    const row = (await findUserByUsername(database.db, user.username))!;
    const sid = await openUserSession(database.db, row.id, now);
    const recheck = () => recheckDirectoryUser({ db: database.db, directory, now }, row);

    await ad.admin.addMember(groups.trainer, user.dn);
    expect((await recheck())?.roles.sort()).toEqual(["learner", "trainer"]);
    expect((await findUserByUsername(database.db, user.username))?.roles.sort()).toEqual([
      "learner",
      "trainer",
    ]);
    // A role change ends the session (the next sign-in carries the new roles).
    expect((await findUserSession(database.db, sid))?.session.revokedAt).not.toBeNull();
    const second = await openUserSession(database.db, row.id, now);

    await ad.admin.client.modify(
      user.dn,
      new Change({
        operation: "replace",
        modification: new Attribute({ type: "userAccountControl", values: ["514"] }),
      }),
    );
    expect(await recheck()).toBeUndefined();
    expect((await findUserSession(database.db, second))?.session.revokedAt).toEqual(now);
  });

  it("still signs in a local external learner by e-mail when a directory is configured", async () => {
    await registerLocalLearner(database.db, {
      email: "externe@exemple.fr",
      displayName: "Externe Exemple",
      password: "mot de passe externe",
    });
    expect(await signIn("externe@exemple.fr", "mot de passe externe")).toMatchObject({
      ok: true,
      user: { source: "local" },
    });
  });
});
