// Appends one entry to the evidence vault inside the caller's transaction: the entry exists
// exactly when the certificate change that caused it commits.
import type { Db } from "@tremplin/db/client";
import {
  insertLeaf,
  insertNode,
  readLeafHashes,
  readNodes,
  reserveLeafIndex,
} from "@tremplin/db/queries/vault";
import { buildEntry, encodeEntry, type VaultEntryInput } from "./entry";
import { hashLeaf } from "./merkle";
import { foldPerfect, tileHeight } from "./merkle-proofs";
import { tileWidth } from "./tile-path";

/**
 * Appends `input` as the next leaf and returns its index. Call it last before the commit: the
 * log's counter row stays locked until the transaction ends, so appenders queue in commit order
 * and indices have no gaps. Throws (zod) on an input a kind does not allow, before taking the lock.
 */
export async function appendVaultEntry(
  tx: Db,
  input: VaultEntryInput,
  keys: { learnerSecret: Uint8Array },
): Promise<{ leafIndex: number }> {
  buildEntry(input, 0, keys.learnerSecret);
  const leafIndex = await reserveLeafIndex(tx);
  const entry = buildEntry(input, leafIndex, keys.learnerSecret);
  const bytes = encodeEntry(entry);
  await insertLeaf(tx, {
    leafIndex,
    entry: bytes,
    leafHash: hashLeaf(bytes),
    kind: entry.kind,
    code: entry.code,
  });
  await storeFilledNodes(tx, leafIndex + 1);
  return { leafIndex };
}

/**
 * When `size` completes a block of 256, 65,536… leaves, stores that block's root: the next
 * tile level's hash. Costs one read of 256 hashes every 256 appends (and so on up).
 */
async function storeFilledNodes(tx: Db, size: number): Promise<void> {
  for (let height = tileHeight; size % 2 ** height === 0; height += tileHeight) {
    const nodeIndex = size / 2 ** height - 1;
    const from = nodeIndex * tileWidth;
    const below =
      height === tileHeight
        ? await readLeafHashes(tx, from, from + tileWidth)
        : await readNodes(tx, height - tileHeight, from, from + tileWidth);
    if (below.length !== tileWidth)
      throw new Error(`evidence vault: level ${height - tileHeight} incomplete at ${from}`);
    await insertNode(tx, { height, nodeIndex, hash: foldPerfect(below) });
  }
}
