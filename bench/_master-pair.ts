/**
 * The synthetic pair of masters for bench/master-delta.ts (issue 19): v1 is 512 MiB made of
 * 1 MiB stretches of incompressible bytes (binaries, compressed files: 45 %), text-like bytes
 * (4 bits of entropy a byte, zstd halves them: 35 %) and zeros (free space: 20 %); v2 is v1
 * with 2 % of its 4 KiB blocks rewritten with new random bytes in clustered runs (8 to 64
 * blocks) plus 1 MiB of random bytes inserted in the middle. Deterministic: AES-CTR streams
 * with fixed keys, so every run measures the same pair.
 */
import { createCipheriv, createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";

const MiB = 1 << 20;
const block = 4096;

/** `length` pseudo-random bytes from `seed`. */
export function stream(seed: string, length: number): Buffer {
  const key = createHash("sha256").update(seed).digest();
  const cipher = createCipheriv("aes-128-ctr", key.subarray(0, 16), key.subarray(16, 32));
  return cipher.update(Buffer.alloc(length));
}

function textLike(seed: string, length: number): Buffer {
  const alphabet = Buffer.from("etaoinshrdlu \n.,");
  const bytes = stream(seed, length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = alphabet[(bytes[i] as number) & 15] as number;
  return bytes;
}

export type MasterPair = { v1: Buffer; v2: Buffer; changedBytes: number; runs: number };

export function makeMasterPair(sizeMiB = 512): MasterPair {
  const kinds = stream("kinds", sizeMiB);
  const v1 = Buffer.concat(
    Array.from({ length: sizeMiB }, (_, i) => {
      const pick = (kinds[i] as number) % 20;
      if (pick < 9) return stream(`random-${i}`, MiB);
      if (pick < 16) return textLike(`text-${i}`, MiB);
      return Buffer.alloc(MiB);
    }),
  );
  v1[510] = 0x55;
  v1[511] = 0xaa;
  const edited = Buffer.from(v1);
  const blocks = v1.length / block;
  const rewritten = new Set<number>();
  const choices = stream("edits", 1 << 16);
  let runs = 0;
  for (let c = 0; rewritten.size < blocks * 0.02; c += 8, runs++) {
    const start = choices.readUInt32LE(c) % blocks;
    const length = 8 + (choices.readUInt32LE(c + 4) % 57);
    for (let b = start; b < Math.min(blocks, start + length); b++) rewritten.add(b);
    const end = Math.min(blocks, start + length);
    stream(`run-${runs}`, (end - start) * block).copy(edited, start * block);
  }
  const middle = Math.floor(blocks / 2) * block;
  const v2 = Buffer.concat([edited.subarray(0, middle), stream("inserted", MiB), edited.subarray(middle)]);
  return { v1, v2, changedBytes: rewritten.size * block + MiB, runs };
}

export async function writePair(pair: MasterPair, v1File: string, v2File: string): Promise<void> {
  await writeFile(v1File, pair.v1);
  await writeFile(v2File, pair.v2);
}
