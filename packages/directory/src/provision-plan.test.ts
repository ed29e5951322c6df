import { describe, expect, it } from "vitest";
import { generateInitialPassword } from "./initial-password";
import { toFileTime } from "./ldap-values";
import {
  desiredAttributes,
  type ExistingAccount,
  expiryFor,
  planAccountUpdate,
  traineeSchema,
} from "./provision-plan";

const now = new Date("2026-11-23T10:00:00Z");
const group = "CN=ses-abc,OU=Stagiaires,DC=x";
const expires = toFileTime(new Date("2026-12-25T00:00:00Z"));
const account = (over: Partial<ExistingAccount> = {}): ExistingAccount => ({
  dn: "CN=jdupont,OU=Stagiaires,DC=x",
  displayName: "Jeanne Dupont",
  givenName: null,
  sn: null,
  mail: null,
  userPrincipalName: "jdupont@x",
  accountExpires: expires,
  userAccountControl: 512,
  memberOf: ["cn=ses-abc, ou=stagiaires, dc=x"],
  ...over,
});
const desired = { displayName: "Jeanne Dupont", userPrincipalName: "jdupont@x" };
const plan = (existing: ExistingAccount, wanted = desired, expiry = expires) =>
  planAccountUpdate(existing, { desired: wanted, expires: expiry, groupDn: group, now });

describe("planAccountUpdate", () => {
  it("changes nothing when AD already matches", () => {
    expect(plan(account())).toEqual({ kind: "unchanged" });
  });

  it("replaces what differs and adds the missing membership", () => {
    expect(
      plan(account({ displayName: "J. Dupont", memberOf: [] }), { ...desired, mail: "j@x" } as never),
    ).toEqual({
      kind: "update",
      replace: { displayName: "Jeanne Dupont", mail: "j@x" },
      addToGroup: true,
      reenable: false,
      changes: ["displayName", "mail", "groupe de session"],
    });
  });

  it("only ever moves the expiry later; never stays never", () => {
    const later = expires + 10n;
    expect(plan(account(), desired, later)).toMatchObject({ replace: { accountExpires: later.toString() } });
    expect(plan(account(), desired, expires - 10n)).toEqual({ kind: "unchanged" });
    expect(plan(account({ accountExpires: 0n }), desired, later)).toEqual({ kind: "unchanged" });
  });

  it("re-enables an account disabled by expiry, refuses one an administrator disabled", () => {
    const expired = account({ userAccountControl: 514, accountExpires: toFileTime(new Date("2026-01-01")) });
    expect(plan(expired)).toMatchObject({
      kind: "update",
      reenable: true,
      changes: ["accountExpires", "réactivé"],
    });
    expect(plan(account({ userAccountControl: 514 }))).toMatchObject({ kind: "refuse" });
  });
});

describe("trainee input", () => {
  it("accepts a valid trainee and builds the managed attributes", () => {
    const trainee = traineeSchema.parse({
      username: "jdupont",
      displayName: "Jeanne Dupont",
      email: "j@x.fr",
    });
    expect(desiredAttributes(trainee, "region.fr")).toEqual({
      displayName: "Jeanne Dupont",
      mail: "j@x.fr",
      userPrincipalName: "jdupont@region.fr",
    });
  });

  it.each(["bad*name", "a,b", "x".repeat(21), "REGION\\jdupont", "j@x.fr", ""])(
    "refuses username %j",
    (username) => {
      expect(traineeSchema.safeParse({ username, displayName: "X" }).success).toBe(false);
    },
  );

  it("expires at the session's end plus the grace days", () => {
    const session = { code: "abc", title: "T", endsAt: new Date("2026-12-18T17:00:00Z") };
    expect(expiryFor(session, 7)).toBe(toFileTime(new Date("2026-12-25T17:00:00Z")));
  });
});

describe("generateInitialPassword", () => {
  it("meets AD's complexity rule and avoids the account's own name", () => {
    for (let i = 0; i < 200; i++) {
      const password = generateInitialPassword({ username: "abc", displayName: "Abc Def" });
      expect(password).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[2-9]/);
      expect(password.toLowerCase()).not.toMatch(/abc|def/);
      expect(password).not.toMatch(/[0O1lI]/);
    }
  });
});
