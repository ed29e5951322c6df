// One entry of the evidence vault: what the log records about a certificate, as canonical bytes
// (RFC 8785 JSON: keys sorted, no white space; values are strings and integers only, so
// JSON.stringify writes them as RFC 8785 does). The leaf hash is computed over exactly these
// bytes. No personal data: the learner appears as an HMAC under the vault's secret. Pure.
import { createHmac } from "node:crypto";
import { z } from "zod";

/** tlog-tiles entry bundles prefix each entry with a 16-bit length. */
export const maxEntryBytes = 65_535;
export const entryKinds = ["issued", "reissued", "revoked", "purged"] as const;

const isoInstant = z.iso.datetime({ offset: false, precision: 3 });
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "attendu : SHA-256 en hexadécimal minuscule");
const text = (max: number) => z.string().min(1).max(max);

const base = {
  v: z.literal(1),
  /** The entry's own position in the log: a row moved to another index no longer matches it. */
  leafIndex: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** When the event happened: issuance, reissue, revocation or purge. */
  at: isoInstant,
  /** The certificate the event is about (for a reissue, the new one). */
  code: text(64),
  certificateSha256: sha256Hex,
  trainingId: text(100),
  trainingTitle: text(300).optional(),
  /** HMAC-SHA256 of the learner's id under the vault secret (learnerPseudonym). */
  learner: sha256Hex,
};
/** The certificate's RFC 3161 token (DER, base64), where there is one. */
const timestampToken = z.base64().max(48_000).optional();
const reason = text(500);

/** The entry as stored and served: one of four kinds, each with the fields it needs. */
export const vaultEntrySchema = z.discriminatedUnion("kind", [
  z.strictObject({ ...base, kind: z.literal("issued"), timestampToken }),
  /** refersTo: the code of the certificate this one supersedes. */
  z.strictObject({ ...base, kind: z.literal("reissued"), timestampToken, reason, refersTo: text(64) }),
  z.strictObject({ ...base, kind: z.literal("revoked"), reason }),
  z.strictObject({ ...base, kind: z.literal("purged"), reason }),
]);
export type VaultEntry = z.infer<typeof vaultEntrySchema>;

/** What the issuing code knows: the learner's real id (pseudonymised here), dates as Dates. */
export type VaultEntryInput = {
  kind: VaultEntry["kind"];
  code: string;
  certificateSha256: string;
  trainingId: string;
  trainingTitle?: string;
  learnerId: string;
  at: Date;
  timestampToken?: Uint8Array;
  /** Required for reissued, revoked and purged. */
  reason?: string;
  /** Reissued only: the code of the certificate superseded. */
  refersTo?: string;
};

/** HMAC-SHA256(secret, "tremplin/vault/learner\n" ‖ learner id), hex: stable, not reversible without the secret. */
export function learnerPseudonym(secret: Uint8Array, learnerId: string): string {
  return createHmac("sha256", secret).update(`tremplin/vault/learner\n${learnerId}`, "utf8").digest("hex");
}

/** The canonical bytes of an entry; throws when a field breaks the schema or the bytes are too long. */
export function encodeEntry(entry: VaultEntry): Uint8Array {
  const parsed = vaultEntrySchema.parse(entry);
  const sorted = Object.fromEntries(
    Object.entries(parsed)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const bytes = new TextEncoder().encode(JSON.stringify(sorted));
  if (bytes.length > maxEntryBytes)
    throw new Error(`entrée trop longue : ${bytes.length} octets (${maxEntryBytes} au plus)`);
  return bytes;
}

/** The entry for `input` at `leafIndex`; throws (zod) naming what a kind lacks or has too much. */
export function buildEntry(input: VaultEntryInput, leafIndex: number, learnerSecret: Uint8Array): VaultEntry {
  const { learnerId, at, timestampToken, ...rest } = input;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return vaultEntrySchema.parse({
    ...defined,
    v: 1,
    leafIndex,
    learner: learnerPseudonym(learnerSecret, learnerId),
    at: at.toISOString(),
    ...(timestampToken ? { timestampToken: Buffer.from(timestampToken).toString("base64") } : {}),
  });
}

/** Reads stored or served bytes back; refuses anything that is not exactly their canonical form. */
export function decodeEntry(bytes: Uint8Array): VaultEntry {
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  const entry = vaultEntrySchema.parse(JSON.parse(text));
  if (!Buffer.from(encodeEntry(entry)).equals(bytes)) throw new Error("entrée non canonique");
  return entry;
}
