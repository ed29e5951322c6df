// C2SP signed-note (c2sp.org/signed-note) with Ed25519 signatures, as golang.org/x/mod/sumdb/note
// writes and reads them: `— <name> base64(keyID ‖ signature)` lines under the text, verifier keys
// `<name>+<hex keyID>+base64(0x01 ‖ public key)`, signer keys `PRIVATE+KEY+<name>+<hex keyID>+
// base64(0x01 ‖ seed)`. Pure: no I/O, so the offline verifier uses it too.
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";

const ed25519Type = 0x01;
// DER prefixes that wrap a raw 32-byte Ed25519 seed (PKCS #8) or public key (SPKI), RFC 8410.
const pkcs8Prefix = Buffer.from("302e020100300506032b657004220420", "hex");
const spkiPrefix = Buffer.from("302a300506032b6570032100", "hex");

export type NoteSigner = {
  name: string;
  keyId: number;
  publicKey: Uint8Array;
  sign(text: Uint8Array): Uint8Array;
};
export type NoteVerifier = { name: string; keyId: number; publicKey: KeyObject };

/** A key name: non-empty, no Unicode space, no plus (signed-note §Format). */
function assertKeyName(name: string): void {
  if (!name || /[\s+]/u.test(name)) throw new Error(`nom de clé invalide : ${JSON.stringify(name)}`);
}

/** key ID = SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)[:4], big-endian. */
export function keyId(name: string, publicKey: Uint8Array): number {
  const digest = createHash("sha256")
    .update(Buffer.from(`${name}\n`, "utf8"))
    .update(Uint8Array.of(ed25519Type))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

/** Node's base64 decoder skips what it cannot read: a key or signature must re-encode to itself. */
export function strictBase64(text: string): Buffer {
  const bytes = Buffer.from(text, "base64");
  if (bytes.toString("base64") !== text) throw new Error(`base64 invalide : ${text.slice(0, 40)}`);
  return bytes;
}

const hex8 = (id: number) => id.toString(16).padStart(8, "0");

export function signerFromSeed(name: string, seed: Uint8Array): NoteSigner {
  assertKeyName(name);
  if (seed.length !== 32) throw new Error("une graine Ed25519 fait 32 octets");
  const privateKey = createPrivateKey({
    key: Buffer.concat([pkcs8Prefix, seed]),
    format: "der",
    type: "pkcs8",
  });
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  const publicKey = new Uint8Array(spki.subarray(spkiPrefix.length));
  return {
    name,
    keyId: keyId(name, publicKey),
    publicKey,
    sign: (text) => new Uint8Array(sign(null, text, privateKey)),
  };
}

/** The signer key string of sumdb/note: `PRIVATE+KEY+<name>+<hex id>+base64(0x01 ‖ seed)`. */
export function formatSignerKey(name: string, seed: Uint8Array): string {
  const signer = signerFromSeed(name, seed);
  const material = Buffer.concat([Uint8Array.of(ed25519Type), seed]).toString("base64");
  return `PRIVATE+KEY+${name}+${hex8(signer.keyId)}+${material}`;
}

/** Splits on the first `count` pluses: the base64 material after them may hold pluses itself. */
function splitKey(key: string, count: number): string[] {
  const parts = key.trim().split("+");
  return parts.length <= count ? parts : [...parts.slice(0, count), parts.slice(count).join("+")];
}

export function parseSignerKey(skey: string): NoteSigner {
  const parts = splitKey(skey, 4);
  if (parts.length !== 5 || parts[0] !== "PRIVATE" || parts[1] !== "KEY")
    throw new Error("clé de signature illisible");
  const [, , name, id, material] = parts as [string, string, string, string, string];
  const bytes = strictBase64(material);
  if (bytes.length !== 33 || bytes[0] !== ed25519Type) throw new Error("clé de signature : Ed25519 attendu");
  const signer = signerFromSeed(name, bytes.subarray(1));
  if (hex8(signer.keyId) !== id) throw new Error("clé de signature : identifiant de clé incohérent");
  return signer;
}

/** The verifier key string others configure to trust this log: `<name>+<hex id>+base64(0x01 ‖ key)`. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  assertKeyName(name);
  const material = Buffer.concat([Uint8Array.of(ed25519Type), publicKey]).toString("base64");
  return `${name}+${hex8(keyId(name, publicKey))}+${material}`;
}

export function parseVerifierKey(vkey: string): NoteVerifier {
  const parts = splitKey(vkey, 2);
  if (parts.length !== 3) throw new Error(`clé de vérification illisible : ${vkey}`);
  const [name, id, material] = parts as [string, string, string];
  assertKeyName(name);
  const bytes = strictBase64(material);
  if (!/^[0-9a-f]{8}$/.test(id) || bytes.length !== 33 || bytes[0] !== ed25519Type)
    throw new Error(`clé de vérification illisible : ${vkey}`);
  const raw = bytes.subarray(1);
  if (hex8(keyId(name, raw)) !== id)
    throw new Error(`clé de vérification incohérente (identifiant) : ${vkey}`);
  const publicKey = createPublicKey({ key: Buffer.concat([spkiPrefix, raw]), format: "der", type: "spki" });
  return { name, keyId: Number.parseInt(id, 16), publicKey };
}

/** Signs `text` (one or more lines, each ending in a newline) and returns the signed note. */
export function signNote(text: string, signer: NoteSigner): string {
  assertNoteText(text);
  const signature = signer.sign(Buffer.from(text, "utf8"));
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId);
  return `${text}\n— ${signer.name} ${Buffer.concat([id, signature]).toString("base64")}\n`;
}

function assertNoteText(text: string): void {
  // Control characters other than newline are forbidden anywhere in a note (signed-note §Format).
  const hasControl = [...text].some((c) => c !== "\n" && c.charCodeAt(0) < 0x20);
  if (!text.endsWith("\n") || hasControl) throw new Error("texte de note invalide");
}

export type OpenedNote = { text: string; verifiedBy: string[] };

/**
 * Opens a signed note: the text and the names of the known keys whose signatures verified.
 * Throws when the note is malformed, when a known key's signature fails (the whole note is then
 * rejected, as the spec advises) or when no known key signed it. Unknown signatures are ignored.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const split = note.lastIndexOf("\n\n");
  if (split < 0 || !note.endsWith("\n"))
    throw new Error("note mal formée : pas de ligne vide avant les signatures");
  const text = note.slice(0, split + 1);
  assertNoteText(text);
  const lines = note.slice(split + 2, -1).split("\n");
  const verifiedBy: string[] = [];
  for (const line of lines) {
    const match = /^— (\S+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (!match || match[1]!.includes("+"))
      throw new Error(`note mal formée : ligne de signature « ${line} »`);
    const bytes = strictBase64(match[2]!);
    if (bytes.length < 5) throw new Error("note mal formée : signature trop courte");
    const id = bytes.readUInt32BE(0);
    const key = verifiers.find((v) => v.name === match[1] && v.keyId === id);
    if (!key) continue;
    if (!verify(null, Buffer.from(text, "utf8"), key.publicKey, bytes.subarray(4)))
      throw new Error(`signature invalide pour la clé ${key.name}+${hex8(key.keyId)}`);
    verifiedBy.push(key.name);
  }
  if (verifiedBy.length === 0) throw new Error("aucune signature d'une clé connue");
  return { text, verifiedBy };
}
