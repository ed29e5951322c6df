import { readFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@tremplin/domain/errors";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOrCreateOrganisationPki, type OrganisationPki } from "./organisation-pki";
import { signPdf } from "./pades-sign";
import { verifySignedPdf } from "./pades-verify";
import { loadPkcs12Identity } from "./pkcs12";
import { openssl } from "./test-verifiers";
import { builtInTimestamper } from "./timestamper";

let tmp: Awaited<ReturnType<typeof makeTmpDir>>;
let pki: OrganisationPki;
let dir: string;

beforeAll(async () => {
  tmp = await makeTmpDir("tremplin-p12-");
  dir = path.join(tmp.dir, "pki");
  pki = await loadOrCreateOrganisationPki(dir, { organisation: "Région Test" });
});
afterAll(() => tmp.cleanup());

/** A PKCS#12 as a CA or `openssl pkcs12 -export` (OpenSSL 3: PBES2, AES-256, PBKDF2) delivers it. */
async function exportP12(extra: string[] = []): Promise<Uint8Array> {
  const out = path.join(tmp.dir, `signer-${extra.length}.p12`);
  const args = [
    "pkcs12",
    "-export",
    "-inkey",
    path.join(dir, "signer.key.pem"),
    "-in",
    path.join(dir, "signer.pem"),
  ];
  const result = await openssl([
    ...args,
    "-certfile",
    path.join(dir, "ca.pem"),
    "-passout",
    "pass:s3cret é",
    "-out",
    out,
    ...extra,
  ]);
  expect(result.code, result.output).toBe(0);
  return new Uint8Array(await readFile(out));
}

describe("loadPkcs12Identity", () => {
  it("reads the key, the certificate and its chain, and signs a PDF that verifies", async () => {
    const identity = await loadPkcs12Identity(await exportP12(), "s3cret é");
    expect(Buffer.from(identity.certificateDer).equals(Buffer.from(pki.documentSigner.certificateDer))).toBe(
      true,
    );
    expect(identity.chain.map((c) => Buffer.from(c).toString("hex"))).toEqual([
      Buffer.from(pki.ca.certificateDer).toString("hex"),
    ]);
    const blank = await PDFDocument.create();
    blank.addPage();
    const signed = await signPdf(await blank.save(), {
      signer: identity,
      timestamper: builtInTimestamper(pki.tsa),
      reason: "Test",
      location: "Albi",
      crls: [await pki.crl()],
    });
    const result = await verifySignedPdf(signed, {
      caCertificates: [pki.ca.certificateDer],
      tsaCertificates: [pki.tsa.certificateDer],
    });
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it("refuses a wrong password as a configuration error", async () => {
    const error = await loadPkcs12Identity(await exportP12(), "autre").catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("config_invalid");
    expect((error as AppError).message).toMatch(/TREMPLIN_SIGNING_P12/);
  });
});
