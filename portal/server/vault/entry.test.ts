import { describe, expect, it } from "vitest";
import { buildEntry, decodeEntry, encodeEntry, learnerPseudonym, type VaultEntryInput } from "./entry";

const secret = new Uint8Array(32).fill(9);
const issued: VaultEntryInput = {
  kind: "issued",
  code: "7K2M-9QXD-4HBA",
  certificateSha256: "ab".repeat(32),
  trainingId: "9b2f1c1e-0d4e-4a8a-9a57-0a5f3c1d2e3f",
  trainingTitle: "Bureautique — les bases",
  learnerId: "4f9c0c52-8d0e-4f0e-9d2a-5f1b6c7d8e9f",
  at: new Date("2026-12-06T10:00:00.000Z"),
  timestampToken: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00),
};

describe("vault entries", () => {
  it("are canonical JSON with sorted keys and no white space, holding no learner id", () => {
    const bytes = encodeEntry(buildEntry(issued, 7, secret));
    const text = new TextDecoder().decode(bytes);
    expect(text).toBe(
      `{"at":"2026-12-06T10:00:00.000Z","certificateSha256":"${"ab".repeat(32)}","code":"7K2M-9QXD-4HBA","kind":"issued",` +
        `"leafIndex":7,"learner":"${learnerPseudonym(secret, issued.learnerId)}","timestampToken":"MAMCAQA=",` +
        `"trainingId":"${issued.trainingId}","trainingTitle":"Bureautique — les bases","v":1}`,
    );
    expect(text).not.toContain(issued.learnerId);
    expect(decodeEntry(bytes)).toEqual(buildEntry(issued, 7, secret));
  });

  it("pseudonymise a learner the same way every time, and differently under another secret", () => {
    expect(learnerPseudonym(secret, "a")).toBe(learnerPseudonym(secret, "a"));
    expect(learnerPseudonym(secret, "a")).not.toBe(learnerPseudonym(new Uint8Array(32), "a"));
  });

  it("require a reason for a revocation and the superseded code for a reissue", () => {
    expect(() => buildEntry({ ...issued, kind: "revoked" }, 1, secret)).toThrow(/reason/);
    expect(() => buildEntry({ ...issued, kind: "reissued", reason: "correction" }, 1, secret)).toThrow(
      /refersTo/,
    );
    const revoked = buildEntry(
      { ...issued, kind: "revoked", reason: "fraude", timestampToken: undefined },
      1,
      secret,
    );
    expect(revoked.kind).toBe("revoked");
    expect(() => buildEntry({ ...issued, certificateSha256: "AB".repeat(32) }, 1, secret)).toThrow(/SHA-256/);
  });

  it("refuse bytes that are not exactly the canonical form", () => {
    const entry = buildEntry(issued, 3, secret);
    const spaced = new TextEncoder().encode(JSON.stringify(entry, null, 1));
    expect(() => decodeEntry(spaced)).toThrow(/non canonique/);
    expect(() => decodeEntry(Uint8Array.of(0xff))).toThrow();
    const extra = new TextEncoder().encode(JSON.stringify({ ...entry, extra: 1 }));
    expect(() => decodeEntry(extra)).toThrow();
  });

  it("refuse an entry too long for a tile bundle", () => {
    const huge = { ...issued, timestampToken: new Uint8Array(47_000), trainingTitle: "x".repeat(300) };
    expect(() =>
      encodeEntry(buildEntry({ ...huge, timestampToken: new Uint8Array(35_000) }, 0, secret)),
    ).not.toThrow();
    expect(() => buildEntry({ ...huge, timestampToken: new Uint8Array(37_000) }, 0, secret)).toThrow();
  });
});
