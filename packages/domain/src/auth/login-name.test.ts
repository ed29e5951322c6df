import { describe, expect, it } from "vitest";
import { parseLoginName } from "./login-name";

describe("parseLoginName", () => {
  it("reads the three forms AD accepts and gives them one throttling key", () => {
    expect(parseLoginName(" JDupont ")).toEqual({
      ok: true,
      login: { kind: "sam", sam: "JDupont", key: "jdupont" },
    });
    expect(parseLoginName("REGION\\jdupont")).toEqual({
      ok: true,
      login: { kind: "down-level", domain: "REGION", sam: "jdupont", key: "jdupont" },
    });
    expect(parseLoginName("jdupont@region.example.fr")).toEqual({
      ok: true,
      login: { kind: "upn", upn: "jdupont@region.example.fr", localPart: "jdupont", key: "jdupont" },
    });
  });

  it("keeps characters AD allows in a sAMAccountName, parentheses included", () => {
    expect(parseLoginName("o(brien)")).toMatchObject({ ok: true, login: { kind: "sam", sam: "o(brien)" } });
    expect(parseLoginName("jean-luc.m_2")).toMatchObject({ ok: true });
  });

  it.each([
    ["*", "filter wildcard"],
    ["*)(sAMAccountName=*", "filter injection"],
    ["admin)(|(objectClass=*", "filter injection without a star"],
    ["a\\b\\c", "two backslashes"],
    ["\\jdupont", "empty domain"],
    ["REGION\\", "empty account"],
    ["jdupont\u0000admin", "NUL byte"],
    ["jd\nupont", "newline"],
    ["abcdefghijklmnopqrstu", "21 characters: over AD's limit"],
    ["jdupont.", "trailing dot"],
    ["j dupont@region.fr", "space in a UPN"],
    ["*@region.fr", "wildcard UPN"],
    ["jdupont@", "UPN without a domain"],
    ["jdupont@region", "UPN with a one-label domain"],
    ["a,b", "comma"],
  ])("refuses %j (%s)", (raw) => {
    expect(parseLoginName(raw)).toEqual({ ok: false, problem: "malformed" });
  });

  it("tells empty and too long apart from malformed", () => {
    expect(parseLoginName("   ")).toEqual({ ok: false, problem: "empty" });
    expect(parseLoginName("a".repeat(257))).toEqual({ ok: false, problem: "too_long" });
    expect(parseLoginName(`${"a".repeat(10_000)}@region.fr`)).toEqual({ ok: false, problem: "too_long" });
  });
});
