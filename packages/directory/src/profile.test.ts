import { parseLoginName } from "@tremplin/domain/auth";
import { describe, expect, it } from "vitest";
import { nestedGroupsFilter, pickProfile, profileFilter } from "./profile";
import { rolesFromGroups } from "./roles";

const login = (raw: string) => {
  const parsed = parseLoginName(raw);
  if (!parsed.ok) throw new Error(raw);
  return parsed.login;
};
const guid = Buffer.from("9aa165365fd9f44cbc21b48c475b8426", "hex");

describe("profileFilter", () => {
  it("looks a login up by sAMAccountName, escaped", () => {
    expect(profileFilter(login("o(brien)"), "region.fr")).toBe(
      "(&(objectCategory=person)(objectClass=user)(sAMAccountName=o\\28brien\\29))",
    );
    expect(profileFilter(login("REGION\\jdupont"), "region.fr")).toContain("(sAMAccountName=jdupont)");
  });

  it("accepts the implicit UPN of the AD domain, and only explicit UPNs of other suffixes", () => {
    expect(profileFilter(login("jdupont@Region.fr"), "region.fr")).toBe(
      "(&(objectCategory=person)(objectClass=user)(|(userPrincipalName=jdupont@Region.fr)(sAMAccountName=jdupont)))",
    );
    expect(profileFilter(login("jdupont@partenaire.fr"), "region.fr")).toBe(
      "(&(objectCategory=person)(objectClass=user)(userPrincipalName=jdupont@partenaire.fr))",
    );
  });

  it("escapes the user's DN in the nested-groups filter", () => {
    expect(nestedGroupsFilter("CN=o(brien),DC=x")).toBe(
      "(&(objectClass=group)(member:1.2.840.113556.1.4.1941:=CN=o\\28brien\\29,DC=x))",
    );
  });
});

describe("pickProfile", () => {
  const entry = (over: Record<string, unknown>) => ({
    dn: "CN=jdupont,DC=x",
    sAMAccountName: "JDupont",
    userPrincipalName: [],
    displayName: "Jeanne Dupont",
    mail: [],
    objectGUID: guid,
    ...over,
  });

  it("reads the profile, lower-casing the login and tolerating missing attributes", () => {
    expect(pickProfile([entry({ displayName: [] })], login("jdupont"))).toEqual({
      dn: "CN=jdupont,DC=x",
      username: "jdupont",
      displayName: "JDupont",
      email: null,
      guid: "3665a19a-d95f-4cf4-bc21-b48c475b8426",
    });
  });

  it("prefers an exact UPN, and refuses to guess between two accounts", () => {
    const implicit = entry({ dn: "CN=a,DC=x" });
    const explicit = entry({
      dn: "CN=b,DC=x",
      sAMAccountName: "other",
      userPrincipalName: "jdupont@region.fr",
    });
    expect(pickProfile([implicit, explicit], login("jdupont@region.fr"))?.dn).toBe("CN=b,DC=x");
    expect(pickProfile([implicit, entry({ dn: "CN=c,DC=x" })], login("jdupont"))).toBeUndefined();
    expect(pickProfile([], login("jdupont"))).toBeUndefined();
  });

  it("rejects an entry that does not look like an AD user", () => {
    expect(() => pickProfile([entry({ objectGUID: "not bytes" })], login("jdupont"))).toThrow(/inattendue/);
  });
});

describe("rolesFromGroups", () => {
  const groups = {
    trainer: "CN=Formateurs,OU=Groupes,DC=x",
    it_admin: "CN=DSI,OU=Groupes,DC=x",
    auditor: "CN=Audit,OU=Groupes,DC=x",
  };

  it("maps configured groups, and makes everyone a learner when no learner group is set", () => {
    expect(rolesFromGroups(["cn=formateurs, ou=groupes, dc=x"], groups)).toEqual(["learner", "trainer"]);
    expect(rolesFromGroups([], groups)).toEqual(["learner"]);
  });

  it("requires the learner group when one is set", () => {
    const withLearner = { ...groups, learner: "CN=Apprenants,DC=x" };
    expect(rolesFromGroups(["CN=DSI,OU=Groupes,DC=x"], withLearner)).toEqual(["it_admin"]);
    expect(rolesFromGroups(["CN=Apprenants,DC=x", "CN=Audit,OU=Groupes,DC=x"], withLearner)).toEqual([
      "learner",
      "auditor",
    ]);
  });
});
