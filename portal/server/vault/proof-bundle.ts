// The proof bundle of one certificate: its vault entry, the entry's inclusion proof in a signed
// checkpoint, and the checkpoint's RFC 3161 time-stamp token, in one JSON document that anyone
// can check offline with the log's verifier key. Pure (no database, no network): the offline
// `tremplin-verify` command imports verifyProofBundle.
import { createHash } from "node:crypto";
import { z } from "zod";
import { parseCheckpoint } from "./checkpoint";
import { decodeEntry, type VaultEntry } from "./entry";
import { equalHashes, hashLeaf, verifyInclusion } from "./merkle";
import { type NoteVerifier, openNote, parseVerifierKey, strictBase64 } from "./signed-note";
import { readTimestampImprint } from "./timestamp-token";

export const proofBundleFormat = "tremplin-vault-proof/v1";
const base64 = z.base64();

export const proofBundleSchema = z.strictObject({
  format: z.literal(proofBundleFormat),
  /** The entry's canonical bytes (base64): exactly what was hashed into the log. */
  entry: base64.max(90_000),
  leafIndex: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  treeSize: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** RFC 9162 inclusion path, leaves first, each hash base64. */
  inclusionProof: z.array(base64.length(44)).max(64),
  /** The C2SP checkpoint of size treeSize, as a signed note. */
  checkpoint: z.string().min(1).max(10_000),
  /** RFC 3161 TimeStampToken (DER, base64) over SHA-256 of the checkpoint's bytes. */
  checkpointTimestampToken: base64.max(48_000),
});
export type ProofBundle = z.infer<typeof proofBundleSchema>;

export type BundleCheck = { name: string; ok: boolean; detail: string };

/** SHA-256 of the signed checkpoint's UTF-8 bytes: what its time-stamp token must cover. */
export function checkpointDigest(checkpoint: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(checkpoint, "utf8").digest());
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Checks a proof bundle against the log's verifier keys (`<name>+<hex id>+<base64 key>`) and,
 * when given, the SHA-256 (hex) of the PDF in hand. Every check is reported, passed or not; the
 * bundle is good only if all are ok. The time-stamp check here matches the token's digest to the
 * checkpoint; the TSA's signature on the token is for the caller's RFC 3161 verifier, with
 * `checkpointDigest` and the token.
 */
export function verifyProofBundle(
  bundle: unknown,
  logVerifierKeys: string[],
  expectedPdfSha256?: string,
): BundleCheck[] {
  const parsed = proofBundleSchema.safeParse(bundle);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join(".") || "(racine)"} : ${i.message}`)
      .join("; ");
    return [{ name: "format de la preuve", ok: false, detail }];
  }
  const proof = parsed.data;
  const checks: BundleCheck[] = [];
  const check = (name: string, run: () => string) => {
    try {
      checks.push({ name, ok: true, detail: run() });
    } catch (error) {
      checks.push({ name, ok: false, detail: message(error) });
    }
  };
  let entry: VaultEntry | undefined;
  const entryBytes = strictBase64(proof.entry);
  check("entrée du journal", () => {
    entry = decodeEntry(entryBytes);
    if (entry.leafIndex !== proof.leafIndex)
      throw new Error(`l'entrée se dit n° ${entry.leafIndex}, la preuve la place au n° ${proof.leafIndex}`);
    return `${entry.kind} ${entry.code}, n° ${entry.leafIndex}, ${entry.at}`;
  });
  let root: Uint8Array | undefined;
  check("signature du point de contrôle", () => {
    const verifiers: NoteVerifier[] = logVerifierKeys.map(parseVerifierKey);
    const opened = openNote(proof.checkpoint, verifiers);
    const checkpoint = parseCheckpoint(opened.text);
    if (!opened.verifiedBy.includes(checkpoint.origin))
      throw new Error(`origine « ${checkpoint.origin} » non signée par sa propre clé`);
    if (checkpoint.size !== proof.treeSize)
      throw new Error(
        `le point de contrôle porte sur ${checkpoint.size} entrées, la preuve sur ${proof.treeSize}`,
      );
    root = checkpoint.rootHash;
    return `${checkpoint.origin}, ${checkpoint.size} entrées, signé par ${opened.verifiedBy.join(", ")}`;
  });
  check("inclusion dans le journal", () => {
    if (!root) throw new Error("sans point de contrôle vérifié, rien à quoi rattacher l'entrée");
    const path = proof.inclusionProof.map((h) => new Uint8Array(strictBase64(h)));
    if (!verifyInclusion(proof.leafIndex, proof.treeSize, hashLeaf(entryBytes), path, root))
      throw new Error(`le chemin ne mène pas de l'entrée n° ${proof.leafIndex} à la racine signée`);
    return `entrée n° ${proof.leafIndex} sur ${proof.treeSize} (${path.length} empreintes)`;
  });
  check("horodatage du point de contrôle", () => {
    const imprint = readTimestampImprint(strictBase64(proof.checkpointTimestampToken));
    if (imprint.hashAlgorithm !== "sha256")
      throw new Error(`empreinte ${imprint.hashAlgorithm}, SHA-256 attendu`);
    if (!equalHashes(imprint.digest, checkpointDigest(proof.checkpoint)))
      throw new Error("le jeton horodate un autre texte que ce point de contrôle");
    return `horodaté le ${imprint.genTime.toISOString()}`;
  });
  if (expectedPdfSha256 !== undefined) {
    check("empreinte du document", () => {
      if (!entry) throw new Error("entrée illisible");
      if (entry.certificateSha256 !== expectedPdfSha256.toLowerCase())
        throw new Error(
          `le journal porte ${entry.certificateSha256}, le document a ${expectedPdfSha256.toLowerCase()}`,
        );
      return `SHA-256 ${entry.certificateSha256}`;
    });
  }
  return checks;
}
