import { open } from "node:fs/promises";
import path from "node:path";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { generateSigningKey } from "@tremplin/image-format/sign";
import { z } from "zod";
import { printResult, readFlags } from "./flags";

export const keygenHelp = `tremplin-image keygen --out <préfixe> [--json]

Crée une clé de signature Ed25519 des masters :
  <préfixe>.key   clé privée (PKCS#8 PEM, mode 600) : reste chez la DSI, sert à publish --key
  <préfixe>.pub   clé publique (SPKI PEM) : à configurer sur les relais et les postes (--trust)
L'identifiant de la clé (16 chiffres hexadécimaux) est imprimé : les refus le citent.
`;

const flagsSchema = z.object({ out: z.string().min(1), json: z.boolean().optional() });

export async function runKeygen(argv: string[]): Promise<number> {
  const { values } = readFlags(argv, { strings: ["out"] });
  const flags = parseOrThrow(flagsSchema, values, "Options de keygen");
  const key = generateSigningKey();
  const privateFile = path.resolve(`${flags.out}.key`);
  const publicFile = path.resolve(`${flags.out}.pub`);
  await writeNew(privateFile, key.privateKeyPem, 0o600);
  await writeNew(publicFile, key.publicKeyPem, 0o644);
  printResult(flags.json, { keyId: key.keyId, privateKey: privateFile, publicKey: publicFile }, [
    `clé ${key.keyId}`,
    `privée   ${privateFile}`,
    `publique ${publicFile}`,
  ]);
  return 0;
}

/** Never overwrites a key: losing IT's signing key would orphan every post that trusts it. */
async function writeNew(file: string, text: string, mode: number): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "wx", mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new AppError("conflict", `${file} existe déjà : une clé n'est jamais écrasée.`);
    }
    throw error;
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}
