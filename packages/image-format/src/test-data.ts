import { createHash } from "node:crypto";

/** Deterministic pseudo-random bytes (SHA-256 in counter mode): the same on every machine. */
export function seededBytes(seed: string, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  for (let i = 0, block = 0; i < length; block++) {
    const digest = createHash("sha256").update(`${seed}:${block}`).digest();
    i += digest.copy(out, i, 0, Math.min(32, length - i));
  }
  return out;
}
