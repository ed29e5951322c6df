import { writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@tremplin/domain/errors";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { PDFDocument, StandardFonts } from "pdf-lib";
import type * as pkijs from "pkijs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSignedData } from "./cms";
import { sha256, toPem } from "./der";
import { loadOrCreateOrganisationPki, type OrganisationPki } from "./organisation-pki";
import { signPdf } from "./pades-sign";
import { maxPdfBytes, verifySignedPdf } from "./pades-verify";
import { findSignatures } from "./pdf-signature";
import { openssl, pdfsigTrusting } from "./test-verifiers";
import { builtInTimestamper } from "./timestamper";
import { certificateDer, createCertificate, createCrl, generateKeyPair } from "./x509";

let tmp: Awaited<ReturnType<typeof makeTmpDir>>;
let pki: OrganisationPki;
let stranger: OrganisationPki;
let signed: Uint8Array;
const trustOf = (p: OrganisationPki) => ({
  caCertificates: [p.ca.certificateDer],
  tsaCertificates: [p.tsa.certificateDer],
});

async function samplePdf(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  page.drawText("Certificat de réalisation", {
    x: 72,
    y: 760,
    font: await document.embedFont(StandardFonts.Helvetica),
  });
  return document.save();
}

const sign = async (p: OrganisationPki, pdf: Uint8Array) =>
  signPdf(pdf, {
    signer: p.documentSigner,
    timestamper: builtInTimestamper(p.tsa),
    tsaCertificates: [p.tsa.certificateDer],
    reason: "Certificat de réalisation",
    location: "Toulouse",
    crls: [await p.crl()],
  });

beforeAll(async () => {
  tmp = await makeTmpDir("tremplin-pades-");
  [pki, stranger] = await Promise.all([
    loadOrCreateOrganisationPki(path.join(tmp.dir, "pki"), { organisation: "Région Test" }),
    loadOrCreateOrganisationPki(path.join(tmp.dir, "stranger"), { organisation: "Inconnue" }),
  ]);
  signed = await sign(pki, await samplePdf());
});
afterAll(() => tmp.cleanup());

const failed = (result: Awaited<ReturnType<typeof verifySignedPdf>>) =>
  result.checks.filter((c) => !c.ok).map((c) => c.name);

describe("signPdf + verifySignedPdf", () => {
  it("makes a PAdES signature that our verifier and poppler's pdfsig both accept", async () => {
    const result = await verifySignedPdf(signed, trustOf(pki));
    expect(failed(result)).toEqual([]);
    expect(result.checks).toHaveLength(9);
    const file = path.join(tmp.dir, "signed.pdf");
    await writeFile(file, signed);
    const pdfsig = await pdfsigTrusting(path.join(tmp.dir, "nss-ok"), pki.ca.certificateDer, file);
    expect(pdfsig.output).toContain("Signature Type: ETSI.CAdES.detached");
    expect(pdfsig.output).toContain("Signature Validation: Signature is Valid.");
    expect(pdfsig.output).toContain("Certificate Validation: Certificate is Trusted.");
  });

  it("carries a signature time-stamp over the signature value that `openssl ts -verify` accepts", async () => {
    const signature = findSignatures(await PDFDocument.load(signed))[0]!;
    const signerInfo = parseSignedData(signature.contents).signerInfos[0]!;
    const token = signerInfo.unsignedAttrs!.attributes[0]!.values[0].toBER(false);
    const tokenFile = path.join(tmp.dir, "token.der");
    await writeFile(tokenFile, new Uint8Array(token));
    await writeFile(path.join(tmp.dir, "ca.pem"), toPem("CERTIFICATE", pki.ca.certificateDer));
    const digest = Buffer.from(sha256(new Uint8Array(signerInfo.signature.valueBlock.valueHexView))).toString(
      "hex",
    );
    const args = [
      "ts",
      "-verify",
      "-digest",
      digest,
      "-in",
      tokenFile,
      "-token_in",
      "-CAfile",
      path.join(tmp.dir, "ca.pem"),
    ];
    expect((await openssl(args)).output).toContain("Verification: OK");
  });

  it("fails the document's digest and signature for one byte changed, and pdfsig agrees", async () => {
    const altered = signed.slice();
    const at = Buffer.from(altered).indexOf("Certificat de r");
    altered[at] = "K".charCodeAt(0);
    const result = await verifySignedPdf(altered, trustOf(pki));
    expect(failed(result)).toEqual(
      expect.arrayContaining(["Empreinte du document", "Signature CMS (PAdES)"]),
    );
    expect(result.ok).toBe(false);
    const file = path.join(tmp.dir, "altered.pdf");
    await writeFile(file, altered);
    const pdfsig = await pdfsigTrusting(path.join(tmp.dir, "nss-altered"), pki.ca.certificateDer, file);
    expect(pdfsig.output).not.toContain("Signature is Valid");
  });

  it("refuses anything appended after the signature but the DSS", async () => {
    const appended = Buffer.concat([Buffer.from(signed), Buffer.from("\n1 0 obj\n(autre texte)\nendobj\n")]);
    const result = await verifySignedPdf(new Uint8Array(appended), trustOf(pki));
    expect(failed(result)).toContain("Ajouts après la signature");
    // The update's catalog given an action to run at opening, the DSS left as it was.
    const text = Buffer.from(signed).toString("latin1");
    const catalogAt = text.lastIndexOf("/Type /Catalog");
    const hijacked = `${text.slice(0, catalogAt)}/OpenAction 5 0 R ${text.slice(catalogAt)}`;
    const result2 = await verifySignedPdf(new Uint8Array(Buffer.from(hijacked, "latin1")), trustOf(pki));
    expect(failed(result2)).toEqual(["Ajouts après la signature", "Données de validation (PAdES B-LT)"]);
  });

  it("says which setting to fix when a TSA's token does not fit the room its certificates leave", async () => {
    const bulky = new Uint8Array([0x04, 0x82, 0x30, 0x00, ...new Uint8Array(0x3000)]); // 12 KiB
    const error = await signPdf(await samplePdf(), {
      signer: pki.documentSigner,
      timestamper: { stamp: async () => bulky },
      tsaCertificates: [pki.tsa.certificateDer],
      reason: "Test",
      location: "Albi",
      crls: [],
    }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toContain("TREMPLIN_TSA_CERT_FILE");
  });

  it("refuses a signer under an unknown CA and a time-stamp from an unknown TSA", async () => {
    const result = await verifySignedPdf(await sign(stranger, await samplePdf()), trustOf(pki));
    expect(failed(result)).toEqual(
      expect.arrayContaining(["Certificat du signataire", "Horodatage de la signature (RFC 3161)"]),
    );
  });

  it("answers failed checks, never a throw, for a truncated, foreign, unsigned or oversized file", async () => {
    const unsigned = await samplePdf();
    for (const bytes of [
      signed.subarray(0, signed.length / 2),
      new TextEncoder().encode("bonjour"),
      unsigned,
      new Uint8Array(maxPdfBytes + 1),
    ]) {
      const result = await verifySignedPdf(bytes, trustOf(pki));
      expect(result.ok).toBe(false);
      expect(result.checks[0]!.ok).toBe(false);
      expect(result.checks.length).toBeGreaterThanOrEqual(9);
    }
  });

  it("still validates after the signer's certificate expired, from the time-stamp and the embedded CRL (B-LT)", async () => {
    const year = 365 * 24 * 3600_000;
    const then = new Date(Date.now() - 1.5 * year);
    const old = await loadOrCreateOrganisationPki(path.join(tmp.dir, "old"), {
      organisation: "Ancienne",
      now: new Date(then.getTime() - year),
    });
    const keys = await generateKeyPair();
    const issuer = { certificate: old.ca.certificate, privateKey: old.ca.privateKey };
    const expired = await createCertificate({
      commonName: "Signataire expiré",
      organisation: "Ancienne",
      keys,
      profile: "document-signing",
      notBefore: new Date(then.getTime() - 3600_000),
      notAfter: new Date(then.getTime() + 30 * 24 * 3600_000),
      issuer,
    });
    const crl = await createCrl(issuer, {
      thisUpdate: new Date(then.getTime() - 60_000),
      nextUpdate: new Date(then.getTime() + 7 * 24 * 3600_000),
    });
    const pdf = await signPdf(await samplePdf(), {
      signer: {
        certificate: expired,
        certificateDer: certificateDer(expired),
        privateKey: keys.privateKey,
        chain: [old.ca.certificateDer],
      },
      timestamper: builtInTimestamper(old.tsa, () => then),
      reason: "Archive",
      location: "Albi",
      crls: [new Uint8Array((crl as pkijs.CertificateRevocationList).toSchema(true).toBER(false))],
      signingTime: then,
    });
    expect(expired.notAfter.value.getTime()).toBeLessThan(Date.now());
    const result = await verifySignedPdf(pdf, trustOf(old));
    expect(failed(result)).toEqual([]);
  });
});
