// The vault's secrets, kept in one file beside the database and never in it: the Ed25519 key
// that signs checkpoints (so that someone who can rewrite the database cannot re-sign the log)
// and the HMAC key that pseudonymises learners. Created at first start; every portal instance
// must be given the same file.
import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import { formatSignerKey, formatVerifierKey, type NoteSigner, parseSignerKey } from "./signed-note";

const keyFileSchema = z.strictObject({
  /** sumdb/note's signer key string: PRIVATE+KEY+<origin>+<hex id>+base64(0x01 ‖ seed). */
  signerKey: z.string().startsWith("PRIVATE+KEY+"),
  learnerSecret: z.base64().length(44),
});

export type VaultKeys = {
  /** The checkpoint origin and signing key name: fixed for the life of the log. */
  origin: string;
  signer: NoteSigner;
  /** `<origin>+<hex id>+<base64 key>`: what verifiers (and the trust bundle) are given. */
  verifierKey: string;
  learnerSecret: Uint8Array;
};

/** The log's origin for a portal at `baseUrl`: its scheme-less URL prefix (tlog-tiles §Parameters). */
export function originForBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, "")}/api/v1/vault`;
}

function fromFile(text: string, file: string): VaultKeys {
  try {
    const parsed = keyFileSchema.parse(JSON.parse(text));
    const signer = parseSignerKey(parsed.signerKey);
    return {
      origin: signer.name,
      signer,
      verifierKey: formatVerifierKey(signer.name, signer.publicKey),
      learnerSecret: new Uint8Array(Buffer.from(parsed.learnerSecret, "base64")),
    };
  } catch (error) {
    throw new AppError(
      "config_invalid",
      `Clés du coffre de preuves illisibles (${file}) : ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** Reads the key file; a missing or unreadable file is a configuration error. */
export async function readVaultKeys(file: string): Promise<VaultKeys> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new AppError(
      "config_invalid",
      `Clés du coffre de preuves absentes (${file}) : ${error.code ?? error.message}`,
    );
  });
  return fromFile(text, file);
}

/**
 * Reads the key file, or creates it (mode 0600) with new keys for `origin`. Several processes
 * starting together may race: each writes its own temporary file and hard-links it into place,
 * which fails for all but one; the others read the winner's.
 */
export async function loadOrCreateVaultKeys(file: string, origin: string): Promise<VaultKeys> {
  const existing = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing !== undefined) return fromFile(existing, file);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const body = {
    signerKey: formatSignerKey(origin, randomBytes(32)),
    learnerSecret: randomBytes(32).toString("base64"),
  };
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  return fromFile(await readFile(file, "utf8"), file);
}
