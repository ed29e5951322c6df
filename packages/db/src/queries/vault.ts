// The evidence vault's storage: leaves, stored tile-level nodes, the size counter and checkpoints
// (the publisher's lease: queries/leases.ts). Hashing and formats live with the vault in the
// portal (server/vault/).
import { and, asc, desc, eq, gt, gte, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { vaultCheckpoints, vaultCounter, vaultEntries, vaultNodes } from "../schema/index";

export type VaultLeafRow = typeof vaultEntries.$inferSelect;
export type VaultCheckpointRow = typeof vaultCheckpoints.$inferSelect;

/**
 * The next leaf index, taken in the caller's transaction. The counter's row stays locked until
 * that transaction ends, so a concurrent appender waits and gets the next index; a rollback hands
 * the same index to the next one: no gap, whatever the engine or the number of processes.
 */
export async function reserveLeafIndex(tx: Db): Promise<number> {
  const [row] = await tx
    .update(vaultCounter)
    .set({ size: sql`${vaultCounter.size} + 1` })
    .where(eq(vaultCounter.id, 1))
    .returning({ size: vaultCounter.size });
  if (!row) throw new Error("vault_counter has no row: migrations not applied?");
  return row.size - 1;
}

export async function insertLeaf(
  tx: Db,
  leaf: {
    leafIndex: number;
    entry: Uint8Array;
    leafHash: Uint8Array;
    kind: VaultLeafRow["kind"];
    code: string;
  },
): Promise<void> {
  await tx.insert(vaultEntries).values(leaf);
}

export async function insertNode(
  tx: Db,
  node: { height: number; nodeIndex: number; hash: Uint8Array },
): Promise<void> {
  await tx.insert(vaultNodes).values(node);
}

/** The log's size as committed (leaves 0 … size-1 all exist). */
export async function vaultSize(db: Db): Promise<number> {
  const [row] = await db.select({ size: vaultCounter.size }).from(vaultCounter).where(eq(vaultCounter.id, 1));
  return row?.size ?? 0;
}

/** One column of the leaves [from, to), in order. */
async function readLeafColumn(
  db: Db,
  column: "leafHash" | "entry",
  from: number,
  to: number,
): Promise<Uint8Array[]> {
  const rows = await db
    .select({ value: vaultEntries[column] })
    .from(vaultEntries)
    .where(and(gte(vaultEntries.leafIndex, from), lt(vaultEntries.leafIndex, to)))
    .orderBy(asc(vaultEntries.leafIndex));
  return rows.map((r) => r.value);
}

/** Leaf hashes of leaves [from, to), in order. */
export function readLeafHashes(db: Db, from: number, to: number): Promise<Uint8Array[]> {
  return readLeafColumn(db, "leafHash", from, to);
}

/** Entries (canonical bytes) of leaves [from, to), in order. */
export function readEntries(db: Db, from: number, to: number): Promise<Uint8Array[]> {
  return readLeafColumn(db, "entry", from, to);
}

/** Stored nodes at `height` (8, 16…) with indices [from, to), in order. */
export async function readNodes(db: Db, height: number, from: number, to: number): Promise<Uint8Array[]> {
  const rows = await db
    .select({ hash: vaultNodes.hash })
    .from(vaultNodes)
    .where(and(eq(vaultNodes.height, height), gte(vaultNodes.nodeIndex, from), lt(vaultNodes.nodeIndex, to)))
    .orderBy(asc(vaultNodes.nodeIndex));
  return rows.map((r) => r.hash);
}

/**
 * Spans of consecutive indices covering `indices`, one per block of 256 (a tile): a proof needs
 * up to 255 hashes of a level but in one or two tiles, read as ranges rather than a long IN list.
 */
function tileSpans(indices: readonly number[]): { from: number; to: number }[] {
  const spans = new Map<number, { from: number; to: number }>();
  for (const index of indices) {
    const tile = Math.floor(index / 256);
    const span = spans.get(tile);
    if (!span) spans.set(tile, { from: index, to: index + 1 });
    else {
      span.from = Math.min(span.from, index);
      span.to = Math.max(span.to, index + 1);
    }
  }
  return [...spans.values()];
}

/** The hashes of the given (height, index) nodes, height 0 meaning leaves, keyed `height/index`. */
export async function readNodeSet(
  db: Db,
  keys: readonly { height: number; index: number }[],
): Promise<Map<string, Uint8Array>> {
  const found = new Map<string, Uint8Array>();
  const leaves = tileSpans(keys.filter((k) => k.height === 0).map((k) => k.index));
  if (leaves.length > 0) {
    const rows = await db
      .select({ index: vaultEntries.leafIndex, hash: vaultEntries.leafHash })
      .from(vaultEntries)
      .where(
        or(...leaves.map((s) => and(gte(vaultEntries.leafIndex, s.from), lt(vaultEntries.leafIndex, s.to)))),
      );
    for (const r of rows) found.set(`0/${r.index}`, r.hash);
  }
  const heights = [...new Set(keys.filter((k) => k.height > 0).map((k) => k.height))];
  const upper = heights.flatMap((height) =>
    tileSpans(keys.filter((k) => k.height === height).map((k) => k.index)).map((s) => ({ height, ...s })),
  );
  if (upper.length > 0) {
    const rows = await db
      .select({ height: vaultNodes.height, index: vaultNodes.nodeIndex, hash: vaultNodes.hash })
      .from(vaultNodes)
      .where(
        or(
          ...upper.map((s) =>
            and(
              eq(vaultNodes.height, s.height),
              gte(vaultNodes.nodeIndex, s.from),
              lt(vaultNodes.nodeIndex, s.to),
            ),
          ),
        ),
      );
    for (const r of rows) found.set(`${r.height}/${r.index}`, r.hash);
  }
  return found;
}

/** Leaves in order from `after` (exclusive), at most `limit`: for replaying the whole log. */
export async function readLeavesAfter(db: Db, after: number, limit: number): Promise<VaultLeafRow[]> {
  return db
    .select()
    .from(vaultEntries)
    .where(gt(vaultEntries.leafIndex, after))
    .orderBy(asc(vaultEntries.leafIndex))
    .limit(limit);
}

/** Every stored node, for the replay to compare with what it recomputes. */
export async function listNodes(db: Db): Promise<(typeof vaultNodes.$inferSelect)[]> {
  return db.select().from(vaultNodes).orderBy(asc(vaultNodes.height), asc(vaultNodes.nodeIndex));
}

/** A certificate's entries (issued, reissued, revoked, purged), oldest first. */
export async function findLeavesByCode(db: Db, code: string): Promise<VaultLeafRow[]> {
  return db
    .select()
    .from(vaultEntries)
    .where(eq(vaultEntries.code, code))
    .orderBy(asc(vaultEntries.leafIndex));
}

export async function findLatestCheckpoint(db: Db): Promise<VaultCheckpointRow | undefined> {
  const [row] = await db.select().from(vaultCheckpoints).orderBy(desc(vaultCheckpoints.treeSize)).limit(1);
  return row;
}

/** The smallest checkpoint covering `size` leaves (size ≤ its tree size). */
export async function findCheckpointCovering(db: Db, size: number): Promise<VaultCheckpointRow | undefined> {
  const [row] = await db
    .select()
    .from(vaultCheckpoints)
    .where(gte(vaultCheckpoints.treeSize, size))
    .orderBy(asc(vaultCheckpoints.treeSize))
    .limit(1);
  return row;
}

export async function listCheckpoints(db: Db): Promise<VaultCheckpointRow[]> {
  return db.select().from(vaultCheckpoints).orderBy(asc(vaultCheckpoints.treeSize));
}

/** Records a checkpoint unless one of that size exists; true when this one was recorded. */
export async function insertCheckpoint(db: Db, row: VaultCheckpointRow): Promise<boolean> {
  const inserted = await db
    .insert(vaultCheckpoints)
    .values(row)
    .onConflictDoNothing()
    .returning({ treeSize: vaultCheckpoints.treeSize });
  return inserted.length === 1;
}
