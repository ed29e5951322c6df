import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkpointDigest, type ProofBundle, verifyProofBundle } from "./proof-bundle";
import { formatVerifierKey, signerFromSeed, signNote } from "./signed-note";
import { makeProofBundle } from "./test-proof-bundle";
import { startOpensslTsa, type TestTsa } from "./test-timestamper";

const signer = signerFromSeed("tremplin.test/vault", new Uint8Array(32).fill(3));
const vkey = formatVerifierKey(signer.name, signer.publicKey);
const pdfSha256 = "cd".repeat(32);
let tsa: TestTsa;
let bundle: ProofBundle;

beforeAll(async () => {
  tsa = await startOpensslTsa();
  bundle = await makeProofBundle({ pdfSha256, index: 6, size: 11, signer, stamp: (d) => tsa.stamp(d) });
});
afterAll(() => tsa?.close());

const failed = (checks: { name: string; ok: boolean }[]) => checks.filter((c) => !c.ok).map((c) => c.name);

describe("verifyProofBundle", () => {
  it("passes every check for a genuine bundle and the PDF it names", () => {
    const checks = verifyProofBundle(bundle, [vkey], pdfSha256);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ["entrée du journal", true],
      ["signature du point de contrôle", true],
      ["inclusion dans le journal", true],
      ["horodatage du point de contrôle", true],
      ["empreinte du document", true],
    ]);
    expect(checks[3]!.detail).toMatch(/^horodaté le 20\d\d-/);
  });

  it("fails the document check for another PDF", () => {
    expect(failed(verifyProofBundle(bundle, [vkey], "ee".repeat(32)))).toEqual(["empreinte du document"]);
  });

  it("fails when the entry was altered, even by one character", () => {
    const text = Buffer.from(bundle.entry, "base64").toString("utf8").replace("CODE-6", "CODE-7");
    const altered = { ...bundle, entry: Buffer.from(text).toString("base64") };
    expect(failed(verifyProofBundle(altered, [vkey], pdfSha256))).toEqual(["inclusion dans le journal"]);
  });

  it("fails under another log's key, or a checkpoint re-signed by someone else", () => {
    const other = signerFromSeed("tremplin.test/vault", new Uint8Array(32).fill(4));
    const otherKey = formatVerifierKey(other.name, other.publicKey);
    expect(failed(verifyProofBundle(bundle, [otherKey]))).toEqual([
      "signature du point de contrôle",
      "inclusion dans le journal",
    ]);
    const forged = signNote(bundle.checkpoint.slice(0, bundle.checkpoint.lastIndexOf("\n\n") + 1), other);
    expect(failed(verifyProofBundle({ ...bundle, checkpoint: forged }, [vkey]))).toContain(
      "signature du point de contrôle",
    );
  });

  it("fails a proof moved to another index, and a time-stamp of another checkpoint", async () => {
    expect(failed(verifyProofBundle({ ...bundle, leafIndex: 5 }, [vkey]))).toEqual([
      "entrée du journal",
      "inclusion dans le journal",
    ]);
    const otherToken = Buffer.from(await tsa.stamp(checkpointDigest("autre chose\n"))).toString("base64");
    expect(failed(verifyProofBundle({ ...bundle, checkpointTimestampToken: otherToken }, [vkey]))).toEqual([
      "horodatage du point de contrôle",
    ]);
  });

  it("names what is wrong with a malformed bundle", () => {
    const [check] = verifyProofBundle({ ...bundle, treeSize: "11" }, [vkey]);
    expect(check).toMatchObject({ name: "format de la preuve", ok: false });
    expect(check!.detail).toContain("treeSize");
  });
});
