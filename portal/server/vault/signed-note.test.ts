import { describe, expect, it } from "vitest";
import { formatCheckpoint, parseCheckpoint } from "./checkpoint";
import {
  formatSignerKey,
  formatVerifierKey,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signerFromSeed,
  signNote,
} from "./signed-note";

// Test vectors of golang.org/x/mod/sumdb/note (note_test.go) and of the C2SP signed-note spec.
const peterSigner = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const peterVerifier = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const enochVerifier = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const text =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const peterSig =
  "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const enochSig =
  "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

describe("signed notes (sumdb/note vectors)", () => {
  it("signs exactly as sumdb/note does, with the same key ID and verifier key", () => {
    const signer = parseSignerKey(peterSigner);
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(formatVerifierKey(signer.name, signer.publicKey)).toBe(peterVerifier);
    expect(signNote(text, signer)).toBe(`${text}\n${peterSig}`);
    const seed = Buffer.from(peterSigner.split("+").slice(4).join("+"), "base64").subarray(1);
    expect(formatSignerKey("PeterNeumann", seed)).toBe(peterSigner);
  });

  it("opens a note signed by a known key and ignores unknown signatures", () => {
    const peter = parseVerifierKey(peterVerifier);
    const enoch = parseVerifierKey(enochVerifier);
    expect(openNote(`${text}\n${peterSig}${enochSig}`, [peter]).verifiedBy).toEqual(["PeterNeumann"]);
    expect(openNote(`${text}\n${peterSig}${enochSig}`, [peter, enoch]).verifiedBy).toEqual([
      "PeterNeumann",
      "EnochRoot",
    ]);
    expect(() => openNote(`${text}\n${peterSig}${enochSig}`, [])).toThrow(/aucune signature/);
  });

  it("rejects a mangled signature, text or layout", () => {
    const peter = parseVerifierKey(peterVerifier);
    const badSig = `${peterSig.slice(0, 60)}ABCD${peterSig.slice(60)}`;
    expect(() => openNote(`${text}\n${badSig}`, [peter])).toThrow(/signature invalide/);
    expect(() => openNote(`${text.replace("answer", "Answer")}\n${peterSig}`, [peter])).toThrow(/invalide/);
    for (const bad of [text, `${text}\n`, `${text}\n${peterSig.slice(0, -1)}`, `\u0001${text}\n${peterSig}`])
      expect(() => openNote(bad, [peter])).toThrow();
    expect(() => openNote(`${text}\n${peterSig}Unexpected line.\n`, [peter])).toThrow(/mal formée/);
  });

  it("refuses verifier keys whose ID does not match, or of another algorithm", () => {
    expect(() => parseVerifierKey(peterVerifier.replace("c74f20a3", "c74f20a4"))).toThrow();
    expect(() =>
      parseVerifierKey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
    ).toThrow();
    expect(() => parseVerifierKey("a+b+c+d")).toThrow();
    expect(() => parseVerifierKey(`${peterVerifier}A`)).toThrow();
  });

  it("verifies the C2SP signed-note example", () => {
    const vkey = parseVerifierKey("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
    const note =
      "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
    expect(openNote(note, [vkey]).text).toBe("This is an example message.\n");
  });
});

describe("checkpoints", () => {
  it("round-trips origin, size and root, and refuses anything else", () => {
    const rootHash = new Uint8Array(32).fill(7);
    const body = formatCheckpoint({ origin: "example.com/log", size: 20852163, rootHash });
    expect(body).toBe(`example.com/log\n20852163\n${Buffer.from(rootHash).toString("base64")}\n`);
    expect(parseCheckpoint(body)).toEqual({ origin: "example.com/log", size: 20852163, rootHash });
    expect(() => parseCheckpoint(body.replace("20852163", "020852163"))).toThrow(/taille/);
    expect(() => parseCheckpoint(`${body}extension\n`)).toThrow();
    expect(() => parseCheckpoint(body.replace(/\n[^\n]+\n$/, "\nAAAA\n"))).toThrow(/racine/);
  });

  it("signs a checkpoint that its own verifier key opens", () => {
    const signer = signerFromSeed("tremplin.example/vault", new Uint8Array(32).fill(1));
    const note = signNote(
      formatCheckpoint({ origin: signer.name, size: 0, rootHash: new Uint8Array(32) }),
      signer,
    );
    const vkey = parseVerifierKey(formatVerifierKey(signer.name, signer.publicKey));
    expect(parseCheckpoint(openNote(note, [vkey]).text).size).toBe(0);
  });
});
