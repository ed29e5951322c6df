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
  type VaultLeafRow,
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
  const stored = new Map((await listNodes(db)).map((n) => [`${n.height}/${n.nodeIndex}`, n.hash]));
  const replay = new Replay(await listCheckpoints(db), stored, verifiers);
  for (let after = -1; ; ) {
    const rows = await readLeavesAfter(db, after, batchSize);
    if (rows.length === 0) break;
    for (const row of rows) replay.add(row);
    after = rows.at(-1)!.leafIndex;
  }
  return replay.finish(await vaultSize(db));
}

/** The log rebuilt leaf by leaf, each checkpoint checked when the tree reaches its size. */
class Replay {
  readonly problems: LogProblem[] = [];
  private readonly range = new CompactRange();
  private readonly leafHashes: Uint8Array[] = [];
  private readonly signedRoots = new Map<number, Uint8Array>();
  private next = 0;
  private pending = 0;

  constructor(
    private readonly checkpoints: VaultCheckpointRow[],
    private readonly stored: Map<string, Uint8Array>,
    private readonly verifiers: NoteVerifier[],
  ) {
    this.checkpointsAt(0);
  }

  add(row: VaultLeafRow): void {
    if (row.leafIndex !== this.next)
      this.problem(
        this.next,
        `entrée n° ${this.next} absente (la suivante trouvée est n° ${row.leafIndex}) : supprimée ?`,
      );
    this.next = row.leafIndex + 1;
    const hash = hashLeaf(row.entry);
    if (!equalHashes(hash, row.leafHash))
      this.problem(
        row.leafIndex,
        `entrée n° ${row.leafIndex} : son contenu ne correspond plus à son empreinte (modifiée)`,
      );
    checkEntry(row, this.problems);
    this.leafHashes.push(hash);
    for (const node of this.range.append(hash)) {
      if (node.height % tileHeight !== 0) continue;
      const kept = this.stored.get(`${node.height}/${node.index}`);
      const first = node.index * 2 ** node.height;
      if (!kept || !equalHashes(kept, node.hash))
        this.problem(
          first,
          `tuile de niveau ${node.height / tileHeight} n° ${node.index} (entrées ${first} à ${first + 2 ** node.height - 1}) : ${kept ? "empreinte différente" : "absente"}`,
        );
    }
    this.checkpointsAt(this.range.size);
  }

  finish(counted: number): LogReport {
    const size = this.range.size;
    for (const late of this.checkpoints.slice(this.pending))
      this.problem(
        size,
        `point de contrôle de ${late.treeSize} entrées, mais le journal n'en a que ${size} : entrées supprimées en fin de journal ?`,
      );
    if (counted !== size)
      this.problems.push({ message: `compteur du journal à ${counted}, ${size} entrées lues` });
    checkConsistency(this.checkpoints, this.signedRoots, this.leafHashes, this.problems);
    return { size, checkpoints: this.checkpoints.length, problems: this.problems };
  }

  private checkpointsAt(size: number): void {
    for (
      ;
      this.pending < this.checkpoints.length && this.checkpoints[this.pending]!.treeSize === size;
      this.pending++
    ) {
      const previous = this.pending === 0 ? 0 : this.checkpoints[this.pending - 1]!.treeSize;
      const root = checkCheckpoint(
        this.checkpoints[this.pending]!,
        this.verifiers,
        this.range.root(),
        this.problems,
        previous,
      );
      if (root) this.signedRoots.set(size, root);
    }
  }

  private problem(leaf: number, message: string): void {
    this.problems.push({ leaf, message });
  }
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
