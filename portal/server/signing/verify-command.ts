// tremplin-verify's logic: what to read, which verifiers to run, what to print. Offline: it reads
// the PDF, the trust bundle and the proof bundle from files and opens no connection.
import { open, readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import { checkpointDigest, proofBundleSchema, verifyProofBundle } from "../vault/proof-bundle";
import { type Check, maxPdfBytes, verifySignedPdf } from "./pades-verify";
import { verifyTimestampToken } from "./timestamp-token";
import { type Trust, trustBundleSchema, trustFromBundle } from "./trust-bundle";

export const usage = `tremplin-verify — vérifie hors ligne un certificat émis par Tremplin

  tremplin-verify <fichier.pdf> --trust <confiance.json> [--proof <preuve.json>] [--json]

  --trust FICHIER   le paquet de confiance exporté par le portail (autorités, horodatage, journal)
  --proof FICHIER   la preuve d'inscription au journal des preuves (vérifiée avec le document)
  --json            le résultat en JSON

Codes de sortie : 0 toutes les vérifications réussissent ; 1 erreur d'utilisation ou fichier
illisible ; 3 au moins une vérification échoue ; 70 erreur interne (à signaler).
`;
const hint = "Aide : tremplin-verify --help";

const flagsSchema = z.object({
  file: z.string().min(1, { message: "le fichier PDF à vérifier est attendu" }),
  trust: z.string({ message: "--trust est obligatoire (le paquet de confiance du portail)" }).min(1),
  proof: z.string().min(1).optional(),
  json: z.boolean(),
});

export type VerifyReport = { file: string; sha256: string; checks: Check[]; ok: boolean };

/** Runs the command; the exit code is 0 when every check passed, 3 when one failed. */
export async function runVerifyCommand(argv: string[], print: (line: string) => void): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AppError("invalid_input", `${(error as Error).message}\n${hint}`);
  }
  if (parsed.values.help) {
    print(usage);
    return 0;
  }
  if (parsed.positionals.length > 1)
    throw new AppError("invalid_input", `Un seul fichier PDF à la fois.\n${hint}`);
  const flags = flagsSchema.safeParse({ ...parsed.values, file: parsed.positionals[0] ?? "" });
  if (!flags.success)
    throw new AppError("invalid_input", `${flags.error.issues.map((i) => i.message).join("\n")}\n${hint}`);
  const { file, proof, json } = flags.data;
  const trust = await readTrust(flags.data.trust);
  const pdf = await readAtMost(file, maxPdfBytes + 1);
  const result = await verifySignedPdf(pdf, trust);
  const checks = [...result.checks];
  if (proof) checks.push(...(await proofChecks(proof, trust, result.documentSha256)));
  const report: VerifyReport = { file, sha256: result.documentSha256, checks, ok: checks.every((c) => c.ok) };
  if (json) print(JSON.stringify(report, null, 2));
  else printReport(report, print);
  return report.ok ? 0 : 3;
}

const options = {
  trust: { type: "string" },
  proof: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

function printReport(report: VerifyReport, print: (line: string) => void): void {
  print(`${report.file}\n  SHA-256 ${report.sha256}\n`);
  for (const check of report.checks) print(`  ${check.ok ? "✓" : "✗"} ${check.name} : ${check.detail}`);
  const failed = report.checks.filter((c) => !c.ok).length;
  print(
    report.ok
      ? `\nRésultat : AUTHENTIQUE — ${report.checks.length} vérifications réussies.`
      : `\nRésultat : ÉCHEC — ${failed} vérification(s) sur ${report.checks.length} en échec.`,
  );
}

async function readJsonFile(file: string, what: string): Promise<unknown> {
  const text = await readFile(file, "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new AppError("invalid_input", `${what} illisible (${file}) : ${e.code ?? e.message}`);
  });
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", `${what} : ${file} n'est pas du JSON valide.`);
  }
}

async function readTrust(file: string): Promise<Trust> {
  const parsed = trustBundleSchema.safeParse(await readJsonFile(file, "Paquet de confiance"));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(racine)"} : ${i.message}`);
    throw new AppError("invalid_input", `Paquet de confiance invalide (${file}) — ${issues.join(" ; ")}`);
  }
  return trustFromBundle(parsed.data);
}

/** The file's first `limit` bytes: an oversized file is judged by the verifier, never read whole. */
async function readAtMost(file: string, limit: number): Promise<Uint8Array> {
  const handle = await open(file, "r").catch((e: NodeJS.ErrnoException) => {
    throw new AppError("invalid_input", `Fichier illisible (${file}) : ${e.code ?? e.message}`);
  });
  try {
    const buffer = new Uint8Array(limit);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, size, limit - size, null);
      if (bytesRead === 0 || size + bytesRead >= limit) return buffer.subarray(0, size + bytesRead);
      size += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** The vault's checks of the proof bundle, and the checkpoint's time-stamp against our TSA certificates. */
async function proofChecks(file: string, trust: Trust, pdfSha256: string): Promise<Check[]> {
  const bundle = await readJsonFile(file, "Preuve du journal");
  const checks = verifyProofBundle(bundle, trust.logVerifierKeys, pdfSha256).map((c) => ({
    ...c,
    name: `Journal : ${c.name}`,
  }));
  const parsed = proofBundleSchema.safeParse(bundle);
  if (parsed.success) {
    const token = new Uint8Array(Buffer.from(parsed.data.checkpointTimestampToken, "base64"));
    const stamped = await verifyTimestampToken(
      token,
      checkpointDigest(parsed.data.checkpoint),
      trust.tsaCertificates,
    );
    checks.push({
      name: "Journal : horodatage du point de contrôle (RFC 3161)",
      ok: stamped.ok,
      detail: stamped.detail,
    });
  }
  return checks;
}
