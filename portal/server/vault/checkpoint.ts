// C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the note text of a signed tree head.
import { hashSize } from "./merkle";

export type Checkpoint = { origin: string; size: number; rootHash: Uint8Array };

/** origin, decimal tree size, base64 root hash: three lines, each ending in a newline. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  if (!checkpoint.origin || /[\s+]/u.test(checkpoint.origin)) throw new Error("origine de journal invalide");
  return `${checkpoint.origin}\n${checkpoint.size}\n${Buffer.from(checkpoint.rootHash).toString("base64")}\n`;
}

/** Parses a checkpoint's note text (extension lines, which we never write, are refused). */
export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split("\n");
  if (lines.length !== 4 || lines[3] !== "")
    throw new Error("point de contrôle mal formé : trois lignes attendues");
  const [origin, size, root] = lines as [string, string, string];
  if (!origin) throw new Error("point de contrôle mal formé : origine vide");
  if (!/^(0|[1-9][0-9]{0,15})$/.test(size) || !Number.isSafeInteger(Number(size)))
    throw new Error("point de contrôle mal formé : taille de l'arbre");
  const rootHash = new Uint8Array(Buffer.from(root, "base64"));
  if (rootHash.length !== hashSize || Buffer.from(rootHash).toString("base64") !== root)
    throw new Error("point de contrôle mal formé : empreinte racine");
  return { origin, size: Number(size), rootHash };
}
