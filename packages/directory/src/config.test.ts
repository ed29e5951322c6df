import { describe, expect, it } from "vitest";
import { dnsDomainOf, parseDirectoryEnv } from "./config";

const base = {
  TREMPLIN_LDAP_URL: "ldaps://dc1.region.example.fr",
  TREMPLIN_LDAP_BASE_DN: "DC=region,DC=example,DC=fr",
};

describe("parseDirectoryEnv", () => {
  it("is off when no URL is set: local accounts only", () => {
    expect(parseDirectoryEnv({})).toBeUndefined();
    expect(parseDirectoryEnv({ TREMPLIN_LDAP_URL: " " })).toBeUndefined();
  });

  it("reads a minimal LDAPS configuration with its defaults", () => {
    expect(parseDirectoryEnv(base)).toEqual({
      url: "ldaps://dc1.region.example.fr",
      transport: "ldaps",
      allowPlain: false,
      baseDn: "DC=region,DC=example,DC=fr",
      caFile: undefined,
      tlsServername: undefined,
      service: undefined,
      usersOu: undefined,
      roleGroups: { learner: undefined, trainer: undefined, it_admin: undefined, auditor: undefined },
      upnSuffix: "region.example.fr",
      timeoutMs: 5_000,
      provisioning: { graceDays: 7, mustChangePassword: true },
    });
  });

  it("reads every key", () => {
    const config = parseDirectoryEnv({
      ...base,
      TREMPLIN_LDAP_URL: "ldap://dc1:389/",
      TREMPLIN_LDAP_STARTTLS: "true",
      TREMPLIN_LDAP_CA_FILE: "/etc/tremplin/ca.pem",
      TREMPLIN_LDAP_TLS_SERVERNAME: "dc1.region.example.fr",
      TREMPLIN_LDAP_BIND_DN: "CN=svc-tremplin,OU=Services,DC=region,DC=example,DC=fr",
      TREMPLIN_LDAP_BIND_PASSWORD: "s3cret!",
      TREMPLIN_LDAP_USERS_OU: "OU=Stagiaires,DC=region,DC=example,DC=fr",
      TREMPLIN_LDAP_GROUP_TRAINER: "CN=Formateurs,OU=Groupes,DC=region,DC=example,DC=fr",
      TREMPLIN_LDAP_TIMEOUT_MS: "2500",
      TREMPLIN_LDAP_GRACE_DAYS: "0",
      TREMPLIN_LDAP_MUST_CHANGE_PASSWORD: "false",
      TREMPLIN_LDAP_UPN_SUFFIX: "region.fr",
    });
    expect(config).toMatchObject({
      url: "ldap://dc1:389",
      transport: "starttls",
      service: { dn: "CN=svc-tremplin,OU=Services,DC=region,DC=example,DC=fr", password: "s3cret!" },
      roleGroups: { trainer: "CN=Formateurs,OU=Groupes,DC=region,DC=example,DC=fr" },
      timeoutMs: 2_500,
      upnSuffix: "region.fr",
      provisioning: { graceDays: 0, mustChangePassword: false },
    });
  });

  it("refuses to send passwords in clear unless a lab allows it", () => {
    const plain = { ...base, TREMPLIN_LDAP_URL: "ldap://dc1" };
    expect(() => parseDirectoryEnv(plain)).toThrow(/ldap:\/\/ sans StartTLS/);
    expect(parseDirectoryEnv({ ...plain, TREMPLIN_LDAP_ALLOW_PLAIN: "true" })).toMatchObject({
      transport: "plain",
      allowPlain: true,
    });
  });

  it("reports every bad key at once, naming each", () => {
    try {
      parseDirectoryEnv({
        TREMPLIN_LDAP_URL: "ldaps://dc1",
        TREMPLIN_LDAP_STARTTLS: "true",
        TREMPLIN_LDAP_BASE_DN: "region.fr",
        TREMPLIN_LDAP_BIND_DN: "CN=svc,DC=region,DC=fr",
        TREMPLIN_LDAP_TIMEOUT_MS: "10",
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: "config_invalid" });
      const paths = (error as { issues: { path: string }[] }).issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(["TREMPLIN_LDAP_BASE_DN", "TREMPLIN_LDAP_TIMEOUT_MS"]));
    }
    try {
      parseDirectoryEnv({
        ...base,
        TREMPLIN_LDAP_STARTTLS: "true",
        TREMPLIN_LDAP_BIND_DN: "CN=svc,DC=region,DC=fr",
      });
      expect.unreachable();
    } catch (error) {
      const paths = (error as { issues: { path: string }[] }).issues.map((i) => i.path);
      expect(paths).toEqual(["TREMPLIN_LDAP_STARTTLS", "TREMPLIN_LDAP_BIND_PASSWORD"]);
    }
  });

  it("takes the implicit UPN suffix from the base DN", () => {
    expect(dnsDomainOf("OU=x, DC=Region ,dc=Example,DC=fr")).toBe("region.example.fr");
  });
});
