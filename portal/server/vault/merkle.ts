// RFC 6962 / RFC 9162 Merkle tree hashing and proof verification, for the evidence vault and for
// anyone checking it offline (no I/O here: tremplin-verify imports this module).
// Sizes and indices are JavaScript numbers (exact to 2^53) and are halved arithmetically, never
// with `>>`, which would truncate them to 32 bits.
import { createHash } from "node:crypto";

export const hashSize = 32;

function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

const leafPrefix = Uint8Array.of(0x00);
const nodePrefix = Uint8Array.of(0x01);

/** RFC 9162 §2.1.1: a leaf's hash is SHA-256(0x00 ‖ entry). */
export function hashLeaf(entry: Uint8Array): Uint8Array {
  return sha256(leafPrefix, entry);
}

/** RFC 9162 §2.1.1: an interior node's hash is SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(nodePrefix, left, right);
}

/** The root of the empty tree: SHA-256 of nothing. */
export const emptyRoot: Uint8Array = sha256();

export function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

/** The largest power of two strictly smaller than n (n ≥ 2): where RFC 9162 splits D[n]. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or undefined if it cannot be one. */
export function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array | undefined {
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) return undefined;
  if (leafHash.length !== hashSize || proof.some((p) => p.length !== hashSize)) return undefined;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
  return computed !== undefined && equalHashes(computed, root);
}

/** RFC 9162 §2.1.4.2: does `proof` show that the tree of size1 is a prefix of the tree of size2? */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (size1 < 0 || size2 < size1 || proof.some((p) => p.length !== hashSize)) return false;
  if (size1 === size2) return proof.length === 0 && equalHashes(root1, root2);
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  // A first tree of 2^k leaves is itself a node of the second: its root starts the path.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalHashes(fr, root1) && equalHashes(sr, root2);
}

export function isPowerOfTwo(n: number): boolean {
  if (n < 1 || !Number.isSafeInteger(n)) return false;
  let x = n;
  while (x % 2 === 0) x /= 2;
  return x === 1;
}

/**
 * The right edge of a tree as it grows: the roots of its perfect subtrees, largest first.
 * Appending costs O(1) amortised hashes and the root at any size O(log n): enough to replay a
 * log of millions of leaves in constant memory.
 */
export class CompactRange {
  private readonly nodes: { size: number; hash: Uint8Array }[] = [];
  size = 0;

  /** Adds a leaf hash; returns the perfect subtrees completed by it as (height, index, hash). */
  append(leafHash: Uint8Array): { height: number; index: number; hash: Uint8Array }[] {
    const completed: { height: number; index: number; hash: Uint8Array }[] = [];
    this.nodes.push({ size: 1, hash: leafHash });
    this.size += 1;
    let height = 0;
    while (this.nodes.length >= 2 && this.nodes.at(-1)!.size === this.nodes.at(-2)!.size) {
      const right = this.nodes.pop()!;
      const left = this.nodes.pop()!;
      const merged = { size: left.size * 2, hash: hashChildren(left.hash, right.hash) };
      this.nodes.push(merged);
      height += 1;
      completed.push({ height, index: this.size / merged.size - 1, hash: merged.hash });
    }
    return completed;
  }

  root(): Uint8Array {
    if (this.nodes.length === 0) return emptyRoot;
    let root = this.nodes.at(-1)!.hash;
    for (let i = this.nodes.length - 2; i >= 0; i--) root = hashChildren(this.nodes[i]!.hash, root);
    return root;
  }
}
