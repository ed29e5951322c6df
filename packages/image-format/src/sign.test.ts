import { describe, expect, it } from "vitest";
import { isSignatureError } from "./errors";
import { generateSigningKey, signManifest, trustedKeysFrom, verifySignedManifest } from "./sign";
import { testHeader } from "./test-manifest";

const it1 = generateSigningKey();
const rogue = generateSigningKey();
const trusted = trustedKeysFrom([{ pem: it1.publicKeyPem, source: "it.pub" }]);

/** The error a verification throws, for assertions on its fields. */
function refusal(envelope: unknown) {
  try {
    verifySignedManifest(envelope, trusted);
  } catch (error) {
    return error;
  }
  throw new Error("verification passed");
}

describe("manifest signatures", () => {
  it("verifies a manifest signed by a configured key, after a JSON round trip", () => {
    const envelope = JSON.parse(JSON.stringify(signManifest(testHeader(), it1.privateKeyPem)));
    expect(envelope.signatures[0].keyId).toBe(it1.keyId);
    expect(verifySignedManifest(envelope, trusted)).toEqual(testHeader());
  });

  it("refuses a tampered manifest as a bad signature naming the key", () => {
    const envelope = JSON.parse(JSON.stringify(signManifest(testHeader(), it1.privateKeyPem)));
    envelope.signed.index.parts[0][0] = "d".repeat(64);
    const error = refusal(envelope);
    expect(isSignatureError(error) && error.problem).toBe("bad_signature");
    expect(isSignatureError(error) && error.keyId).toBe(it1.keyId);
    expect((error as Error).message).toContain(it1.keyId);
  });

  it("refuses a manifest signed by an unknown key, naming it", () => {
    const error = refusal(signManifest(testHeader(), rogue.privateKeyPem));
    expect(isSignatureError(error) && error.problem).toBe("unknown_key");
    expect((error as Error).message).toContain(rogue.keyId);
  });

  it("does not let a forged key id pick a trusted key", () => {
    const envelope = signManifest(testHeader(), rogue.privateKeyPem);
    envelope.signatures[0] = { keyId: it1.keyId, sig: envelope.signatures[0]?.sig ?? "" };
    const error = refusal(envelope);
    expect(isSignatureError(error) && error.problem).toBe("bad_signature");
  });

  it("refuses an unsigned manifest and a key of the wrong type", () => {
    const error = refusal({ signed: testHeader(), signatures: [] });
    expect(isSignatureError(error) && error.problem).toBe("unsigned");
    expect(() => trustedKeysFrom([{ pem: "not a key", source: "bad.pub" }])).toThrow(/bad\.pub/);
  });
});
