import { InvalidCredentialsError, StrongAuthRequiredError } from "ldapts";
import { describe, expect, it } from "vitest";
import { classifyDirectoryError, directoryFailureCodes, failureAppCodes, failureMessages } from "./errors";

const adBindError = (data: string) =>
  new InvalidCredentialsError(
    `80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data ${data}, v1db1`,
  );
const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe("classifyDirectoryError", () => {
  it.each([
    ["52e", "invalid_credentials"],
    ["525", "invalid_credentials"],
    ["530", "logon_hours"],
    ["531", "workstation_restricted"],
    ["532", "password_expired"],
    ["533", "account_disabled"],
    ["701", "account_expired"],
    ["773", "must_change_password"],
    ["775", "locked_out"],
    ["999", "invalid_credentials"],
  ])("maps AD sub-code %s to %s", (data, code) => {
    const failure = classifyDirectoryError(adBindError(data));
    expect(failure.code).toBe(code);
    expect(failure.subCode).toBe(data);
  });

  it("gives an unknown account exactly the answer of a wrong password", () => {
    const unknown = classifyDirectoryError(adBindError("525"));
    const wrong = classifyDirectoryError(adBindError("52e"));
    expect(unknown.message).toBe(wrong.message);
  });

  it.each([
    [withCode("ERR_TLS_CERT_ALTNAME_INVALID"), "tls_name_mismatch"],
    [withCode("UNABLE_TO_VERIFY_LEAF_SIGNATURE"), "tls_untrusted"],
    [withCode("SELF_SIGNED_CERT_IN_CHAIN"), "tls_untrusted"],
    [withCode("CERT_HAS_EXPIRED"), "tls_untrusted"],
    [withCode("ECONNREFUSED"), "unreachable"],
    [withCode("ENOTFOUND"), "unreachable"],
    [new Error("Connection timeout"), "timeout"],
    [new Error("BindRequest: Operation timed out"), "timeout"],
    [
      new Error("Connection closed before message response was received. Message type: BindRequest (0x60)"),
      "unreachable",
    ],
    [new StrongAuthRequiredError("BindSimple: Transport encryption required."), "insecure_connection"],
    [new TypeError("boom"), "directory_error"],
    ["a string", "directory_error"],
  ])("classifies %s as %s", (error, code) => {
    expect(classifyDirectoryError(error).code).toBe(code);
  });

  it("keeps LDAP's text in the log detail, never in the message", () => {
    const failure = classifyDirectoryError(adBindError("533"));
    expect(failure.message).not.toMatch(/LdapErr|533/);
    expect(failure.detail).toContain("533");
  });
});

describe("messages", () => {
  it("has a French and an English message and an app code for every failure", () => {
    for (const code of directoryFailureCodes) {
      expect(failureMessages[code].fr.length, code).toBeGreaterThan(10);
      expect(failureMessages[code].en.length, code).toBeGreaterThan(10);
      expect(failureAppCodes[code], code).toBeDefined();
    }
  });
});
