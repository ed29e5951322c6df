import { formatRegistrationCode, normaliseRegistrationCode } from "@tremplin/domain/fleet";
import { describe, expect, it } from "vitest";
import { hashDeviceSecret, newDeviceToken, newRegistrationCode } from "./device-secrets";

describe("registration codes", () => {
  it("are 15 unambiguous symbols in three groups, different each time", () => {
    const a = newRegistrationCode();
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(newRegistrationCode()).not.toBe(a);
  });

  it("forgive case, spaces, dashes and look-alike letters when typed", () => {
    expect(normaliseRegistrationCode(" 7kq2m-xw9td o1il ")).toBe("7KQ2MXW9TD0111");
    expect(hashDeviceSecret("7kq2m xw9td", "code")).toBe(hashDeviceSecret("7KQ2M-XW9TD", "code"));
    expect(formatRegistrationCode("7kq2mxw9td3hb6r")).toBe("7KQ2M-XW9TD-3HB6R");
  });

  it("hash codes and tokens apart, and tokens carry 256 bits", () => {
    expect(hashDeviceSecret("ABCDEF", "code")).not.toBe(hashDeviceSecret("ABCDEF", "token"));
    expect(newDeviceToken()).toMatch(/^tk_[A-Za-z0-9_-]{43}$/);
  });
});
