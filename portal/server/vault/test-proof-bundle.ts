// Tests only: a genuine proof bundle over a small log, for the verifiers' tests to check or spoil.
import { formatCheckpoint } from "./checkpoint";
import { buildEntry, encodeEntry } from "./entry";
import { hashLeaf } from "./merkle";
import { inclusionProof, memoryNodeReader, treeRoot } from "./merkle-proofs";
import { checkpointDigest, type ProofBundle, proofBundleFormat } from "./proof-bundle";
import { type NoteSigner, signNote } from "./signed-note";

/**
 * A log of `size` issued certificates whose entry `index` names `pdfSha256` (the others a
 * dummy hash), its checkpoint signed by `signer` and time-stamped by `stamp`: the bundle for
 * that entry, as the portal hands it out.
 */
export async function makeProofBundle(input: {
  pdfSha256: string;
  index: number;
  size: number;
  signer: NoteSigner;
  stamp: (sha256Digest: Uint8Array) => Promise<Uint8Array>;
}): Promise<ProofBundle> {
  const { index, size } = input;
  const entries = Array.from({ length: size }, (_, i) =>
    encodeEntry(
      buildEntry(
        {
          kind: "issued",
          code: `CODE-${i}`,
          certificateSha256: i === index ? input.pdfSha256 : "ab".repeat(32),
          trainingId: "t1",
          learnerId: `learner-${i}`,
          at: new Date(Date.UTC(2026, 11, 6, 10, i)),
        },
        i,
        new Uint8Array(32),
      ),
    ),
  );
  const read = memoryNodeReader(entries.map(hashLeaf));
  const checkpoint = signNote(
    formatCheckpoint({ origin: input.signer.name, size, rootHash: treeRoot(size, read) }),
    input.signer,
  );
  const token = await input.stamp(checkpointDigest(checkpoint));
  return {
    format: proofBundleFormat,
    entry: Buffer.from(entries[index]!).toString("base64"),
    leafIndex: index,
    treeSize: size,
    inclusionProof: inclusionProof(index, size, read).map((h) => Buffer.from(h).toString("base64")),
    checkpoint,
    checkpointTimestampToken: Buffer.from(token).toString("base64"),
  };
}
