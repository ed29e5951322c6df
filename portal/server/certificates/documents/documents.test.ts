import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { AppError } from "@tremplin/domain/errors";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSignedData } from "@/server/signing/cms";
import { loadOrCreateOrganisationPki } from "@/server/signing/organisation-pki";
import { verifySignedPdf } from "@/server/signing/pades-verify";
import { findSignatures } from "@/server/signing/pdf-signature";
import { builtInTimestamper } from "@/server/signing/timestamper";
import type { DocumentFields } from "./document-fields";
import { renderAttendanceCertificate } from "./render-attendance-certificate";
import { renderCompletionCertificate } from "./render-completion-certificate";
import { renderSignedCertificate } from "./render-signed-certificate";
import { sampleFields } from "./sample-fields";

const run = promisify(execFile);
let tmp: Awaited<ReturnType<typeof makeTmpDir>>;
beforeAll(async () => {
  tmp = await makeTmpDir("tremplin-documents-");
});
afterAll(() => tmp.cleanup());

/** What poppler reads from the PDF: its text (as a funder would copy it), fonts and metadata. */
async function poppler(pdf: Uint8Array) {
  const file = path.join(tmp.dir, `${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, pdf);
  const text = (await run("pdftotext", ["-layout", file, "-"])).stdout;
  const fonts = (await run("pdffonts", [file])).stdout;
  const info = (await run("pdfinfo", [file])).stdout;
  const xmp = (await run("pdfinfo", ["-meta", file])).stdout;
  return { text: text.replace(/[\u00a0\u202f]/g, " "), fonts, info, xmp };
}

describe("certificat de réalisation", () => {
  it("prints the Ministry model's fields as selectable text, with French typography", async () => {
    const { text } = await poppler(await renderCompletionCertificate(sampleFields()));
    for (const expected of [
      "CERTIFICAT DE RÉALISATION",
      "Région Occitanie — Maison de la Région d'Albi",
      "Déclaration d'activité n° : 76310123431",
      "SIRET : 130 027 698 00015",
      "Je soussigné(e) Hélène Garçon-Lefèvre, directrice de la formation professionnelle",
      "Zoé Bénard-N'Diaye",
      "Bureautique : traitement de texte et tableur",
      "☒ Action de formation",
      "☐ Bilan de compétences",
      "du 3 novembre 2026 au 14 novembre 2026, en présentiel",
      "pour une durée réalisée de 32 h 30.",
      "Fait à Albi, le 14 novembre 2026",
      "https://formation.laregion.fr/verifier/TRM-7Q2K-M4XD-9B",
    ])
      expect(text).toContain(expected);
  });

  it("embeds subsets of its fonts, is A4, and says what it is in its metadata (Info and XMP)", async () => {
    const { fonts, info, xmp } = await poppler(await renderCompletionCertificate(sampleFields()));
    const fontLines = fonts.split("\n").slice(2).filter(Boolean);
    expect(fontLines.length).toBeGreaterThanOrEqual(2);
    for (const line of fontLines) expect(line).toMatch(/DejaVuSans.*yes\s+yes/);
    expect(info).toMatch(/Title:\s+Certificat de réalisation — Zoé Bénard-N'Diaye/);
    expect(info).toMatch(/Author:\s+Région Occitanie/);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(xmp).toContain("<dc:language><rdf:Bag><rdf:li>fr-FR</rdf:li></rdf:Bag></dc:language>");
    expect(xmp).toContain("<rdf:li>Région Occitanie — Maison de la Région d&#39;Albi</rdf:li>");
  });

  it("says « à distance », checks a nature outside the model's four, leaves out what is unknown", async () => {
    const base = sampleFields();
    const fields: DocumentFields = {
      ...base,
      issuer: { ...base.issuer, signatoryName: null, signatoryRole: null, siret: null },
      action: { ...base.action, isRemote: true, place: null, nature: "Parcours mixte" },
    };
    const { text } = await poppler(await renderCompletionCertificate(fields));
    expect(text).toContain("au 14 novembre 2026, à distance,");
    expect(text).toContain("☒ Parcours mixte");
    expect(text).toContain("Je soussigné(e), représentant(e) légal(e) du dispensateur");
    expect(text).not.toContain("SIRET");
  });

  it("carries a QR code that a reader decodes to the verification page", async () => {
    const file = path.join(tmp.dir, "qr.pdf");
    await writeFile(file, await renderCompletionCertificate(sampleFields()));
    await run("pdftoppm", ["-png", "-r", "150", "-singlefile", file, path.join(tmp.dir, "qr")]);
    const { stdout } = await run("zbarimg", ["-q", "--raw", path.join(tmp.dir, "qr.png")]);
    expect(stdout.trim()).toBe("https://formation.laregion.fr/verifier/TRM-7Q2K-M4XD-9B");
  });

  it("refuses fields that break the schema, naming them", async () => {
    const error = await renderCompletionCertificate({ ...sampleFields(), baseUrl: "ftp://x" }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).issues.map((i) => i.path)).toContain("baseUrl");
  });
});

describe("attestation d'assiduité", () => {
  it("prints hours attended out of planned, the rate and the half-days", async () => {
    const halfDays = ["2026-11-03", "2026-11-04"].flatMap((date) =>
      (["morning", "afternoon"] as const).map((period) => ({
        date,
        period,
        plannedMinutes: 210,
        attendedMinutes: period === "afternoon" && date === "2026-11-04" ? 60 : 210,
      })),
    );
    const base = sampleFields();
    const fields = {
      ...base,
      kind: "attendance" as const,
      action: { ...base.action, plannedMinutes: 840, attendedMinutes: 690 },
      halfDays,
    };
    const { text } = await poppler(await renderAttendanceCertificate(fields));
    expect(text).toContain("ATTESTATION D'ASSIDUITÉ");
    expect(text).toMatch(/14 h\s+11 h 30\s+82,1 %/);
    expect(text).toMatch(/04\/11\/2026\s+3 h 30 \/ 3 h 30\s+1 h \/ 3 h 30\s+4 h 30 \/ 7 h/);
  });
});

describe("renderSignedCertificate", () => {
  it("renders, signs and time-stamps in one step: a document our verifier accepts", async () => {
    const pki = await loadOrCreateOrganisationPki(path.join(tmp.dir, "pki"), { organisation: "Région Test" });
    const { pdf, timestampToken } = await renderSignedCertificate(sampleFields(), {
      signer: pki.documentSigner,
      timestamper: builtInTimestamper(pki.tsa),
      crls: [await pki.crl()],
    });
    const result = await verifySignedPdf(pdf, {
      caCertificates: [pki.ca.certificateDer],
      tsaCertificates: [pki.tsa.certificateDer],
    });
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect((await poppler(pdf)).text).toContain("CERTIFICAT DE RÉALISATION");
    const signature = findSignatures(await PDFDocument.load(pdf))[0]!;
    const embedded = parseSignedData(signature.contents).signerInfos[0]!.unsignedAttrs!.attributes[0]!
      .values[0];
    expect(Buffer.from(embedded.toBER(false)).equals(Buffer.from(timestampToken))).toBe(true);
  });
});
