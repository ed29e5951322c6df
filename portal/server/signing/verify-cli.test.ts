import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { AppError } from "@tremplin/domain/errors";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProofBundle } from "../vault/proof-bundle";
import { formatVerifierKey, signerFromSeed } from "../vault/signed-note";
import { makeProofBundle } from "../vault/test-proof-bundle";
import { sha256 } from "./der";
import { loadOrCreateOrganisationPki, type OrganisationPki } from "./organisation-pki";
import { signPdf } from "./pades-sign";
import { builtInTimestamper } from "./timestamper";
import { buildTrustBundle } from "./trust-bundle";
import { runVerifyCommand } from "./verify-command";

const run = promisify(execFile);
const bin = fileURLToPath(new URL("../../bin/tremplin-verify.mjs", import.meta.url));
let tmp: Awaited<ReturnType<typeof makeTmpDir>>;
let pki: OrganisationPki;
const files = { pdf: "", altered: "", trust: "", proof: "" };
const logSigner = signerFromSeed("tremplin.test/vault", new Uint8Array(32).fill(9));

/** A proof bundle naming `pdf` as entry 2 of a log of 5, its checkpoint time-stamped by our TSA. */
const proofFor = (pdf: Uint8Array): Promise<ProofBundle> =>
  makeProofBundle({
    pdfSha256: Buffer.from(sha256(pdf)).toString("hex"),
    index: 2,
    size: 5,
    signer: logSigner,
    stamp: (digest) => builtInTimestamper(pki.tsa).stamp(digest),
  });

beforeAll(async () => {
  tmp = await makeTmpDir("tremplin-verify-");
  pki = await loadOrCreateOrganisationPki(path.join(tmp.dir, "pki"), { organisation: "Région Test" });
  const blank = await PDFDocument.create();
  blank.addPage();
  const pdf = await signPdf(await blank.save(), {
    signer: pki.documentSigner,
    timestamper: builtInTimestamper(pki.tsa),
    reason: "Certificat de réalisation",
    location: "Albi",
    crls: [await pki.crl()],
  });
  const altered = pdf.slice();
  altered[20] = altered[20] === 0x41 ? 0x42 : 0x41;
  const trust = buildTrustBundle({
    organisation: "Région Test",
    caCertificates: [pki.ca.certificateDer],
    tsaCertificates: [pki.tsa.certificateDer],
    logVerifierKeys: [formatVerifierKey(logSigner.name, logSigner.publicKey)],
  });
  for (const [key, content] of [
    ["pdf", pdf],
    ["altered", altered],
    ["trust", JSON.stringify(trust)],
    ["proof", JSON.stringify(await proofFor(pdf))],
  ] as const) {
    files[key] = path.join(tmp.dir, key);
    await writeFile(files[key], content);
  }
});
afterAll(() => tmp.cleanup());

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("tremplin-verify (the command, as a process)", () => {
  it("prints every check and exits 0 for a genuine PDF with its log proof", async () => {
    const { code, stdout } = await cli([files.pdf, "--trust", files.trust, "--proof", files.proof]);
    expect(stdout).toContain("✓ Signature CMS (PAdES)");
    expect(stdout).toContain("✓ Journal : inclusion dans le journal");
    expect(stdout).toContain("✓ Journal : horodatage du point de contrôle (RFC 3161)");
    expect(stdout).not.toContain("✗");
    expect(stdout).toContain("Résultat : AUTHENTIQUE");
    expect(code).toBe(0);
  });

  it("exits 3 for a PDF changed by one byte, whose log proof no longer names it", async () => {
    const { code, stdout } = await cli([files.altered, "--trust", files.trust, "--proof", files.proof]);
    expect(stdout).toContain("✗ Empreinte du document");
    expect(stdout).toMatch(/✗ Journal : /);
    expect(code).toBe(3);
  });

  it("exits 1 with a message, not a stack, without --trust", async () => {
    const { code, stderr } = await cli([files.pdf]);
    expect(stderr).toContain("tremplin-verify : --trust est obligatoire");
    expect(stderr).not.toContain("    at ");
    expect(code).toBe(1);
  });
});

describe("runVerifyCommand", () => {
  const lines: string[] = [];
  const print = (line: string) => lines.push(line);

  it("refuses a trust bundle that breaks its schema, naming the field", async () => {
    const bad = path.join(tmp.dir, "bad-trust.json");
    await writeFile(
      bad,
      JSON.stringify({ format: "tremplin-trust-bundle/1", organisation: "X", caCertificates: [] }),
    );
    const error = await runVerifyCommand([files.pdf, "--trust", bad], print).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/caCertificates : au moins une autorité/);
  });

  it("answers in JSON with --json, and an unreadable PDF is a user error", async () => {
    lines.length = 0;
    expect(await runVerifyCommand([files.pdf, "--trust", files.trust, "--json"], print)).toBe(0);
    expect(JSON.parse(lines.join("\n")).ok).toBe(true);
    const missing = await runVerifyCommand(
      [path.join(tmp.dir, "absent.pdf"), "--trust", files.trust],
      print,
    ).catch((e) => e);
    expect((missing as AppError).message).toMatch(/ENOENT/);
  });
});
