import { readFile } from "node:fs/promises";
import { AppError } from "@tremplin/domain/errors";
import { type TrustedKeys, trustedKeysFrom } from "@tremplin/image-format/sign";

/** The configured Ed25519 public keys (SPKI PEM files): the only publishers a post or relay believes. */
export async function loadTrustedKeys(files: readonly string[]): Promise<TrustedKeys> {
  const pems: { pem: string; source: string }[] = [];
  for (const file of files) {
    try {
      pems.push({ pem: await readFile(file, "utf8"), source: file });
    } catch (cause) {
      throw new AppError("config_invalid", `Clé publique de confiance illisible : ${file}`, { cause });
    }
  }
  return trustedKeysFrom(pems);
}
