// Publishes one checkpoint: the log's current size and root, signed as a C2SP signed note and
// time-stamped (RFC 3161) over SHA-256 of the note's bytes, recorded with its token.
import type { Db } from "@tremplin/db/client";
import {
  findLatestCheckpoint,
  insertCheckpoint,
  type VaultCheckpointRow,
  vaultSize,
} from "@tremplin/db/queries/vault";
import { type Checkpoint, formatCheckpoint, parseCheckpoint } from "./checkpoint";
import { consistencyProofBetween, rootAt } from "./log-store";
import { equalHashes, verifyConsistency } from "./merkle";
import { checkpointDigest } from "./proof-bundle";
import { openNote, parseVerifierKey, signNote } from "./signed-note";
import { readTimestampImprint } from "./timestamp-token";
import type { VaultKeys } from "./vault-keys";

/** The signing module's time-stamper: SHA-256 in, DER TimeStampToken out (throws when the TSA is down). */
export type Timestamper = { stamp(sha256Digest: Uint8Array): Promise<Uint8Array> };

export type PublishDeps = {
  keys: VaultKeys;
  timestamper: Timestamper;
  now: () => Date;
  log: { error(details: object, message: string): void };
};

export type PublishResult =
  | { status: "published" | "unchanged"; checkpoint: VaultCheckpointRow }
  | { status: "refused"; reason: string };

/**
 * Signs and records a checkpoint of the whole log if it grew since the last one (or if there is
 * none yet). Refuses, and logs, when this machine's clock or the TSA's reads earlier than for the
 * last checkpoint: a checkpoint must never look older than one already published. Throws when the
 * TSA cannot be reached: nothing is recorded, the next attempt starts again.
 */
export async function publishCheckpoint(db: Db, deps: PublishDeps): Promise<PublishResult> {
  const [size, latest] = await Promise.all([vaultSize(db), findLatestCheckpoint(db)]);
  if (latest && latest.treeSize >= size) return { status: "unchanged", checkpoint: latest };
  const signedAt = deps.now();
  if (latest && signedAt < latest.signedAt) return refuse(deps, "horloge en arrière", { signedAt, latest });
  const rootHash = await rootAt(db, size);
  const inconsistency = latest && (await whyNotExtending(db, deps.keys, latest, { size, rootHash }));
  if (latest && inconsistency)
    return refuse(deps, "journal incohérent avec le dernier point de contrôle", {
      latest,
      detail: inconsistency,
    });
  const note = signNote(formatCheckpoint({ origin: deps.keys.origin, size, rootHash }), deps.keys.signer);
  const digest = checkpointDigest(note);
  const timestampToken = await deps.timestamper.stamp(digest);
  const imprint = readTimestampImprint(timestampToken);
  if (!equalHashes(imprint.digest, digest))
    throw new Error("le jeton d'horodatage porte sur une autre empreinte");
  if (latest && imprint.genTime < readTimestampImprint(latest.timestampToken).genTime)
    return refuse(deps, "horloge de l'autorité d'horodatage en arrière", {
      genTime: imprint.genTime,
      latest,
    });
  const row = { treeSize: size, rootHash, note, timestampToken, signedAt };
  if (!(await insertCheckpoint(db, row))) {
    const current = await findLatestCheckpoint(db);
    return { status: "unchanged", checkpoint: current! };
  }
  return { status: "published", checkpoint: row };
}

/**
 * Why the new tree does not extend the last signed one, or undefined when it does (RFC 9162
 * consistency proof from the stored hashes, against the root our own key signed). A log must
 * never sign a checkpoint inconsistent with one it signed before (c2sp.org/tlog-checkpoint): if
 * stored rows were rewritten, signing their new root would vouch for the rewrite to anyone
 * holding only the newest checkpoint.
 */
async function whyNotExtending(
  db: Db,
  keys: VaultKeys,
  latest: VaultCheckpointRow,
  next: { size: number; rootHash: Uint8Array },
): Promise<string | undefined> {
  let signed: Checkpoint;
  try {
    signed = parseCheckpoint(openNote(latest.note, [parseVerifierKey(keys.verifierKey)]).text);
  } catch (error) {
    return `le dernier point de contrôle ne s'ouvre pas avec la clé du journal : ${(error as Error).message}`;
  }
  const proof = await consistencyProofBetween(db, signed.size, next.size);
  if (!verifyConsistency(signed.size, next.size, proof, signed.rootHash, next.rootHash))
    return `l'arbre de ${next.size} entrées ne prolonge pas celui de ${signed.size} entrées signé`;
  return undefined;
}

function refuse(
  deps: PublishDeps,
  reason: string,
  details: { latest: VaultCheckpointRow; signedAt?: Date; genTime?: Date; detail?: string },
): PublishResult {
  deps.log.error(
    {
      reason,
      detail: details.detail,
      at: (details.signedAt ?? details.genTime)?.toISOString(),
      lastCheckpoint: { treeSize: details.latest.treeSize, signedAt: details.latest.signedAt.toISOString() },
    },
    "evidence vault: checkpoint refused, it would be older than the last one",
  );
  return { status: "refused", reason };
}
