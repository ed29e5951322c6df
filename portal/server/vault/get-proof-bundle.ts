// A certificate's proof bundle, from the stored log: its entry, the smallest published checkpoint
// that holds it (so the bundle stays the same for ever), the inclusion proof and the checkpoint's
// time-stamp token.
import type { Db } from "@tremplin/db/client";
import { findCheckpointCovering, findLeavesByCode } from "@tremplin/db/queries/vault";
import { AppError } from "@tremplin/domain/errors";
import { inclusionProofAt } from "./log-store";
import { type ProofBundle, proofBundleFormat } from "./proof-bundle";

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** Throws not_found for a code the log never issued, unavailable until a checkpoint holds it. */
export async function getProofBundle(db: Db, code: string): Promise<ProofBundle> {
  const leaves = await findLeavesByCode(db, code);
  const leaf = leaves.filter((l) => l.kind === "issued" || l.kind === "reissued").at(-1);
  if (!leaf) throw new AppError("not_found", `Aucun certificat ${code} dans le journal de preuves.`);
  const checkpoint = await findCheckpointCovering(db, leaf.leafIndex + 1);
  if (!checkpoint)
    throw new AppError(
      "unavailable",
      "Certificat pas encore publié dans un point de contrôle : réessayez dans quelques secondes.",
    );
  const proof = await inclusionProofAt(db, leaf.leafIndex, checkpoint.treeSize);
  return {
    format: proofBundleFormat,
    entry: b64(leaf.entry),
    leafIndex: leaf.leafIndex,
    treeSize: checkpoint.treeSize,
    inclusionProof: proof.map(b64),
    checkpoint: checkpoint.note,
    checkpointTimestampToken: b64(checkpoint.timestampToken),
  };
}
