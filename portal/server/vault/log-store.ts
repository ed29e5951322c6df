// The log as the database holds it: roots, proofs and tiles computed from stored hashes, each
// with the few rows it needs read in one query. Shared by the portal and tremplin-vault.
import type { Db } from "@tremplin/db/client";
import { readEntries, readLeafHashes, readNodeSet, readNodes } from "@tremplin/db/queries/vault";
import {
  consistencyProof,
  inclusionProof,
  type NodeReader,
  nodesRead,
  tileHeight,
  treeRoot,
} from "./merkle-proofs";
import { encodeEntryBundle, type TileRef, tileWidth } from "./tile-path";

/** Runs a computation over stored nodes: which ones it reads is found first, then fetched at once. */
async function withStoredNodes<T>(db: Db, compute: (read: NodeReader) => T): Promise<T> {
  const found = await readNodeSet(db, nodesRead(compute));
  return compute((height, index) => {
    const hash = found.get(`${height}/${index}`);
    if (!hash) throw new Error(`evidence vault: stored node ${height}/${index} is missing`);
    return hash;
  });
}

export const rootAt = (db: Db, size: number) => withStoredNodes(db, (read) => treeRoot(size, read));

export const inclusionProofAt = (db: Db, leafIndex: number, treeSize: number) =>
  withStoredNodes(db, (read) => inclusionProof(leafIndex, treeSize, read));

export const consistencyProofBetween = (db: Db, size1: number, size2: number) =>
  withStoredNodes(db, (read) => consistencyProof(size1, size2, read));

/** Whether a tree of `treeSize` leaves holds this tile (full, or partial of exactly this width). */
export function isTileWithin(tile: TileRef, treeSize: number): boolean {
  const level = tile.level === "entries" ? 0 : tile.level;
  const span = tileWidth ** level;
  const end = (tile.index * tileWidth + tile.width) * span;
  if (end > treeSize) return false;
  // A partial tile is served only at its width for some size up to treeSize: that is, when the
  // tile is the right-most one at that level and not yet full.
  return tile.width === tileWidth || Math.floor(treeSize / (span * tileWidth)) === tile.index;
}

/** A tile's bytes (concatenated hashes) or entry bundle, read from the stored rows. */
export async function readTile(db: Db, tile: TileRef): Promise<Uint8Array> {
  const from = tile.index * tileWidth;
  const to = from + tile.width;
  if (tile.level === "entries") {
    const entries = await readEntries(db, from, to);
    if (entries.length !== tile.width)
      throw new Error(`evidence vault: entries ${from}…${to - 1} incomplete`);
    return encodeEntryBundle(entries);
  }
  const hashes =
    tile.level === 0
      ? await readLeafHashes(db, from, to)
      : await readNodes(db, tile.level * tileHeight, from, to);
  if (hashes.length !== tile.width)
    throw new Error(`evidence vault: tile ${tile.level}/${tile.index} incomplete`);
  return new Uint8Array(Buffer.concat(hashes));
}
