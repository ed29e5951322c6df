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

/** `disk` given an MBR boot signature (bytes 510-511): publishing takes a raw file only when it looks like a disk. */
export function withBootSignature(disk: Buffer): Buffer {
  disk[510] = 0x55;
  disk[511] = 0xaa;
  return disk;
}
