import { describe, expect, it } from "vitest";
import {
  escapeDnValue,
  escapeFilterValue,
  fromFileTime,
  guidToString,
  normalizeDn,
  toFileTime,
} from "./ldap-values";

describe("escapeFilterValue (RFC 4515)", () => {
  it("escapes the five characters that could change a filter", () => {
    expect(escapeFilterValue("*)(uid=*))(|(uid=*")).toBe("\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a");
    expect(escapeFilterValue("a\\b\u0000c")).toBe("a\\5cb\\00c");
    expect(escapeFilterValue("jean-luc.o'neil é")).toBe("jean-luc.o'neil é");
  });
});

describe("DNs", () => {
  it("escapes RFC 4514 specials in a value", () => {
    expect(escapeDnValue('Dupont, Jean+"X"<y>;=')).toBe('Dupont\\, Jean\\+\\"X\\"\\<y\\>\\;\\=');
    expect(escapeDnValue(" #lead trail ")).toBe("\\ #lead trail\\ ");
  });

  it("compares DNs as AD does: case and spaces around separators ignored, escaped commas kept", () => {
    expect(normalizeDn("CN=Formateurs, OU=Groupes ,DC=Region,DC=fr")).toBe(
      normalizeDn("cn=formateurs,ou=groupes,dc=region,dc=fr"),
    );
    expect(normalizeDn("CN=Dupont\\, Jean,DC=x")).toBe("cn=dupont\\, jean,dc=x");
  });
});

describe("objectGUID and FILETIME", () => {
  it("formats objectGUID in its mixed-endian string form", () => {
    const bytes = Buffer.from("9aa165365fd9f44cbc21b48c475b8426", "hex");
    expect(guidToString(bytes)).toBe("3665a19a-d95f-4cf4-bc21-b48c475b8426");
    expect(() => guidToString(Buffer.alloc(3))).toThrow();
  });

  it("converts dates to and from FILETIME, with AD's two spellings of never", () => {
    const date = new Date("2026-12-18T17:00:00Z");
    expect(fromFileTime(toFileTime(date))).toEqual(date);
    expect(toFileTime(new Date(0))).toBe(116_444_736_000_000_000n);
    expect(fromFileTime("0")).toBeNull();
    expect(fromFileTime("9223372036854775807")).toBeNull();
  });
});
