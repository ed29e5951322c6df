// `tremplin-vault verify`: replays the whole log from the database as an auditor would, trusting
// nothing stored but what the log's key signed. Each leaf's bytes are hashed again and read back
// (its own index is inside it), the tree is rebuilt, every stored tile-level node compared, and
// every checkpoint's signature, root, time-stamp and consistency with the previous one checked.
import type { Db } from "@tremplin/db/client";
import {
  listCheckpoints,
  listNodes,
  readLeavesAfter,
  type VaultCheckpointRow,
  vaultSize,
} from "@tremplin/db/queries/vault";
import { parseCheckpoint } from "./checkpoint";
import { decodeEntry } from "./entry";
import { CompactRange, equalHashes, hashLeaf, verifyConsistency } from "./merkle";
import { consistencyProof, memoryNodeReader, tileHeight } from "./merkle-proofs";
import { checkpointDigest } from "./proof-bundle";
import { type NoteVerifier, openNote } from "./signed-note";
import { readTimestampImprint } from "./timestamp-token";

export type LogProblem = { leaf?: number; message: string };
export type LogReport = { size: number; checkpoints: number; problems: LogProblem[] };

const batchSize = 5_000;

export async function verifyLog(db: Db, verifiers: NoteVerifier[]): Promise<LogReport> {
  const problems: LogProblem[] = [];
  const checkpoints = await listCheckpoints(db);
  const stored = new Map((await listNodes(db)).map((n) => [`${n.height}/${n.nodeIndex}`, n.hash]));
  const range = new CompactRange();
  const leafHashes: Uint8Array[] = [];
  const signedRoots = new Map<number, Uint8Array>();
  let next = 0;
  let pending = 0;
  const checkpointsAt = (size: number) => {
    for (; pending < checkpoints.length && checkpoints[pending]!.treeSize === size; pending++) {
      const root = checkCheckpoint(
        checkpoints[pending]!,
        verifiers,
        range.root(),
        problems,
        previousSize(pending),
      );
      if (root) signedRoots.set(size, root);
    }
  };
  const previousSize = (i: number) => (i === 0 ? 0 : checkpoints[i - 1]!.treeSize);
  checkpointsAt(0);
  for (let after = -1; ; ) {
    const rows = await readLeavesAfter(db, after, batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.leafIndex !== next)
        problems.push({
          leaf: next,
          message: `entrée n° ${next} absente (la suivante trouvée est n° ${row.leafIndex}) : supprimée ?`,
        });
      next = row.leafIndex + 1;
      const hash = hashLeaf(row.entry);
      if (!equalHashes(hash, row.leafHash))
        problems.push({
          leaf: row.leafIndex,
          message: `entrée n° ${row.leafIndex} : son contenu ne correspond plus à son empreinte (modifiée)`,
        });
      checkEntry(row, problems);
      leafHashes.push(hash);
      for (const node of range.append(hash)) {
        if (node.height % tileHeight !== 0) continue;
        const kept = stored.get(`${node.height}/${node.index}`);
        const first = node.index * 2 ** node.height;
        if (!kept || !equalHashes(kept, node.hash))
          problems.push({
            leaf: first,
            message: `tuile de niveau ${node.height / tileHeight} n° ${node.index} (entrées ${first} à ${first + 2 ** node.height - 1}) : ${kept ? "empreinte différente" : "absente"}`,
          });
      }
      checkpointsAt(range.size);
    }
    after = rows.at(-1)!.leafIndex;
  }
  for (const late of checkpoints.slice(pending))
    problems.push({
      leaf: range.size,
      message: `point de contrôle de ${late.treeSize} entrées, mais le journal n'en a que ${range.size} : entrées supprimées en fin de journal ?`,
    });
  const counted = await vaultSize(db);
  if (counted !== range.size)
    problems.push({ message: `compteur du journal à ${counted}, ${range.size} entrées lues` });
  checkConsistency(checkpoints, signedRoots, leafHashes, problems);
  return { size: range.size, checkpoints: checkpoints.length, problems };
}

/** The entry's bytes parse as a canonical entry of this index, and the copied columns agree. */
function checkEntry(
  row: { leafIndex: number; entry: Uint8Array; kind: string; code: string },
  problems: LogProblem[],
): void {
  try {
    const entry = decodeEntry(row.entry);
    if (entry.leafIndex !== row.leafIndex)
      problems.push({
        leaf: row.leafIndex,
        message: `entrée n° ${row.leafIndex} : elle a été écrite au n° ${entry.leafIndex} (déplacée ou permutée)`,
      });
    else if (entry.kind !== row.kind || entry.code !== row.code)
      problems.push({
        leaf: row.leafIndex,
        message: `entrée n° ${row.leafIndex} : colonnes kind/code modifiées`,
      });
  } catch (error) {
    problems.push({
      leaf: row.leafIndex,
      message: `entrée n° ${row.leafIndex} illisible : ${(error as Error).message}`,
    });
  }
}

/** Signature, origin, recomputed root and time-stamp of one checkpoint; its signed root if valid. */
function checkCheckpoint(
  row: VaultCheckpointRow,
  verifiers: NoteVerifier[],
  root: Uint8Array,
  problems: LogProblem[],
  previous: number,
): Uint8Array | undefined {
  const label = `point de contrôle de ${row.treeSize} entrées`;
  try {
    const opened = openNote(row.note, verifiers);
    const checkpoint = parseCheckpoint(opened.text);
    if (checkpoint.size !== row.treeSize) throw new Error(`il signe ${checkpoint.size} entrées`);
    const imprint = readTimestampImprint(row.timestampToken);
    if (!equalHashes(imprint.digest, checkpointDigest(row.note)))
      throw new Error("son jeton d'horodatage porte sur autre chose");
    if (!equalHashes(checkpoint.rootHash, root)) {
      const span = previous < row.treeSize ? `entre les n° ${previous} et ${row.treeSize - 1}` : "";
      problems.push({
        leaf: previous,
        message: `${label} : la racine recalculée diffère de la racine signée — entrées modifiées, supprimées ou réordonnées ${span}`,
      });
      return checkpoint.rootHash;
    }
    return checkpoint.rootHash;
  } catch (error) {
    problems.push({ message: `${label} : ${(error as Error).message}` });
    return undefined;
  }
}

/** Each signed checkpoint is consistent with the one before (RFC 9162 §2.1.4) over the replayed leaves. */
function checkConsistency(
  checkpoints: VaultCheckpointRow[],
  roots: Map<number, Uint8Array>,
  leafHashes: Uint8Array[],
  problems: LogProblem[],
): void {
  const read = memoryNodeReader(leafHashes);
  for (let i = 1; i < checkpoints.length; i++) {
    const [a, b] = [checkpoints[i - 1]!, checkpoints[i]!];
    const [rootA, rootB] = [roots.get(a.treeSize), roots.get(b.treeSize)];
    if (!rootA || !rootB || b.treeSize > leafHashes.length) continue;
    if (b.signedAt < a.signedAt)
      problems.push({ message: `point de contrôle de ${b.treeSize} entrées signé avant le précédent` });
    const proof = consistencyProof(a.treeSize, b.treeSize, read);
    if (!verifyConsistency(a.treeSize, b.treeSize, proof, rootA, rootB))
      problems.push({
        leaf: a.treeSize,
        message: `points de contrôle de ${a.treeSize} et ${b.treeSize} entrées incohérents entre eux`,
      });
  }
}
