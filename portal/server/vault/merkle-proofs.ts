// RFC 9162 §2.1.3.1 and §2.1.4.1: inclusion and consistency proofs computed from stored hashes.
// The log stores the hashes of tlog-tiles' levels only (leaf hashes, then every full subtree of
// 256, 65,536… leaves: heights 0, 8, 16…); any other node is recomputed from at most 255 of them.
import { emptyRoot, hashChildren, splitPoint } from "./merkle";

/** Leaves per tile side: tlog-tiles' tile height of 8. */
export const tileHeight = 8;

/**
 * A stored node: the hash of the perfect subtree of 2^height leaves numbered `index` from the
 * left, for height a multiple of `tileHeight` (height 0: a leaf hash).
 */
export type NodeReader = (height: number, index: number) => Uint8Array;

/** MTH of the perfect subtree D[index·2^h : (index+1)·2^h]. */
export function perfectHash(height: number, index: number, read: NodeReader): Uint8Array {
  if (height % tileHeight === 0) return read(height, index);
  return hashChildren(perfectHash(height - 1, index * 2, read), perfectHash(height - 1, index * 2 + 1, read));
}

/** MTH(D[start:end]) where start is a multiple of the largest power of two below end - start. */
export function rangeHash(start: number, end: number, read: NodeReader): Uint8Array {
  const n = end - start;
  if (n === 0) return emptyRoot;
  let height = 0;
  while (2 ** height < n) height += 1;
  if (2 ** height === n && start % n === 0) return perfectHash(height, start / n, read);
  const k = splitPoint(n);
  return hashChildren(rangeHash(start, start + k, read), rangeHash(start + k, end, read));
}

export function treeRoot(size: number, read: NodeReader): Uint8Array {
  return rangeHash(0, size, read);
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]), leaves first. */
export function inclusionProof(leafIndex: number, treeSize: number, read: NodeReader): Uint8Array[] {
  if (leafIndex < 0 || leafIndex >= treeSize)
    throw new RangeError(`leaf ${leafIndex} not in a tree of ${treeSize}`);
  const path: Uint8Array[] = [];
  const walk = (m: number, start: number, end: number) => {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, start + k);
      path.push(rangeHash(start + k, end, read));
    } else {
      walk(m - k, start + k, end);
      path.push(rangeHash(start, start + k, read));
    }
  };
  walk(leafIndex, 0, treeSize);
  return path;
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]). */
export function consistencyProof(size1: number, size2: number, read: NodeReader): Uint8Array[] {
  if (size1 < 0 || size2 < size1) throw new RangeError(`no consistency proof from ${size1} to ${size2}`);
  if (size1 === 0 || size1 === size2) return [];
  const proof: Uint8Array[] = [];
  const sub = (m: number, start: number, end: number, isWhole: boolean) => {
    const n = end - start;
    if (m === n) {
      if (!isWhole) proof.push(rangeHash(start, end, read));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, start, start + k, isWhole);
      proof.push(rangeHash(start + k, end, read));
    } else {
      sub(m - k, start + k, end, false);
      proof.push(rangeHash(start, start + k, read));
    }
  };
  sub(size1, 0, size2, true);
  return proof;
}

const placeholder = new Uint8Array(32);

/**
 * The stored nodes a computation reads, found by running it once on placeholder hashes (which
 * nodes it reads depends on sizes and indices only), so a database fetches them in one query.
 */
export function nodesRead(compute: (read: NodeReader) => unknown): { height: number; index: number }[] {
  const seen = new Map<string, { height: number; index: number }>();
  compute((height, index) => {
    seen.set(`${height}/${index}`, { height, index });
    return placeholder;
  });
  return [...seen.values()];
}

/** Hashes 2^k nodes of one level pairwise, k times: the root of the perfect subtree above them. */
export function foldPerfect(hashes: readonly Uint8Array[]): Uint8Array {
  let level = [...hashes];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(hashChildren(level[i]!, level[i + 1]!));
    level = next;
  }
  return level[0]!;
}

/** A reader over leaf hashes held in memory, each stored level computed once on first use. */
export function memoryNodeReader(leafHashes: readonly Uint8Array[]): NodeReader {
  const cache = new Map<string, Uint8Array>();
  const read: NodeReader = (height, index) => {
    if (height === 0) return leafHashes[index]!;
    const key = `${height}/${index}`;
    let hash = cache.get(key);
    if (!hash) {
      const below = Array.from({ length: 2 ** tileHeight }, (_, j) =>
        read(height - tileHeight, index * 2 ** tileHeight + j),
      );
      hash = foldPerfect(below);
      cache.set(key, hash);
    }
    return hash;
  };
  return read;
}
