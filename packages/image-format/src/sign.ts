import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import { SignatureError } from "./errors";
import { canonicalJson, type ManifestHeader, manifestHeaderSchema } from "./manifest";

/**
 * Ed25519 over the manifest's canonical JSON (manifest.ts). Keys are files any tool reads:
 * the private key PKCS#8 PEM, the public key SPKI PEM (`openssl pkey -pubin -in k.pub -text`).
 * A key's id is the first 16 hex digits of the SHA-256 of its 32 raw public bytes: computed,
 * never taken from the envelope, so a forged id cannot select another key.
 */
export type TrustedKeys = ReadonlyMap<string, KeyObject>;

const signatureSchema = z.object({
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  sig: z.base64(),
});
/** What a store holds at `masters/<name>/<version>.json`. */
export const signedManifestSchema = z.object({
  signed: z.record(z.string(), z.unknown()),
  signatures: z.array(signatureSchema),
});
export type SignedManifest = { signed: ManifestHeader; signatures: z.infer<typeof signatureSchema>[] };

export function keyIdOf(publicKey: KeyObject): string {
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x ?? "", "base64url");
  return createHash("sha256").update(raw).digest("hex").slice(0, 16);
}

/** A new signing key: `privateKeyPem` stays with IT, `publicKeyPem` goes to every relay and post. */
export function generateSigningKey(): { keyId: string; privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    keyId: keyIdOf(publicKey),
    privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
  };
}

/** The configured public keys (PEM texts), by id. A key that is no Ed25519 key is refused. */
export function trustedKeysFrom(pems: readonly { pem: string; source: string }[]): TrustedKeys {
  const keys = new Map<string, KeyObject>();
  for (const { pem, source } of pems) {
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch (error) {
      throw new AppError("config_invalid", `Clé publique illisible : ${source}`, { cause: error });
    }
    if (key.asymmetricKeyType !== "ed25519") {
      throw new AppError("config_invalid", `${source} n'est pas une clé Ed25519 (${key.asymmetricKeyType}).`);
    }
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

export function signManifest(header: ManifestHeader, privateKeyPem: string): SignedManifest {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== "ed25519") {
    throw new AppError(
      "config_invalid",
      `La clé de signature n'est pas une clé Ed25519 (${key.asymmetricKeyType}).`,
    );
  }
  const sig = sign(null, Buffer.from(canonicalJson(header)), key).toString("base64");
  return { signed: header, signatures: [{ keyId: keyIdOf(createPublicKey(key)), sig }] };
}

/**
 * The manifest header inside a signed envelope, once a configured key's signature over it checks.
 * The signature is checked over the envelope's own `signed` object before its content is
 * read, so nothing unsigned is ever interpreted. Throws `SignatureError` (unsigned, unknown
 * key, bad signature: naming the key id) or `AppError("invalid_input")` for a malformed file.
 */
export function verifySignedManifest(envelope: unknown, trusted: TrustedKeys): ManifestHeader {
  const parsed = signedManifestSchema.safeParse(envelope);
  if (!parsed.success) {
    throw new AppError(
      "invalid_input",
      `Manifeste illisible : ${parsed.error.issues[0]?.message ?? "forme inconnue"}`,
    );
  }
  const { signed, signatures } = parsed.data;
  if (signatures.length === 0)
    throw new SignatureError("unsigned", undefined, "Manifeste non signé : refusé.");
  const bytes = Buffer.from(canonicalJson(signed));
  const known = signatures.filter((s) => trusted.has(s.keyId));
  if (known.length === 0) {
    const ids = signatures.map((s) => s.keyId).join(", ");
    throw new SignatureError(
      "unknown_key",
      signatures[0]?.keyId,
      `Manifeste signé par une clé inconnue (${ids}) : refusé. Clés configurées : ${[...trusted.keys()].join(", ") || "aucune"}.`,
    );
  }
  const good = known.find((s) =>
    verify(null, bytes, trusted.get(s.keyId) as KeyObject, Buffer.from(s.sig, "base64")),
  );
  if (!good) {
    throw new SignatureError(
      "bad_signature",
      known[0]?.keyId,
      `Signature invalide du manifeste pour la clé ${known[0]?.keyId} : contenu altéré ou signature falsifiée, refusé.`,
    );
  }
  const manifest = manifestHeaderSchema.safeParse(signed);
  if (!manifest.success) {
    throw new AppError(
      "invalid_input",
      `Manifeste signé mais invalide : ${manifest.error.issues[0]?.message}`,
    );
  }
  return manifest.data;
}
