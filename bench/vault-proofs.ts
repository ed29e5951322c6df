// Evidence vault proofs (issue 18): proof size and verification time at 10,000 and 1,000,000
// entries, which must grow as log n, and a certificate's whole proof bundle checked (entry,
// signed checkpoint, inclusion, time-stamp, document hash) in ≤ 20 ms median. Baseline in the
// same run: one SHA-256 leaf hash of an entry. Trees are built in memory; a last part appends
// real rows to PGlite to show what an append and a proof from stored hashes cost.
// Target: bundle verification median ≤ 20 ms; exits non-zero if a proof fails or the target is missed.
import { openDatabase } from "@tremplin/db/client";
import { migrate } from "@tremplin/db/migrate";
import { appendVaultEntry } from "@tremplin/portal/vault/append-vault-entry";
import { formatCheckpoint } from "@tremplin/portal/vault/checkpoint";
import { buildEntry, encodeEntry } from "@tremplin/portal/vault/entry";
import { inclusionProofAt, rootAt } from "@tremplin/portal/vault/log-store";
import { hashLeaf, verifyInclusion } from "@tremplin/portal/vault/merkle";
import {
  foldPerfect,
  inclusionProof,
  memoryNodeReader,
  treeRoot,
} from "@tremplin/portal/vault/merkle-proofs";
import { checkpointDigest, proofBundleFormat, verifyProofBundle } from "@tremplin/portal/vault/proof-bundle";
import {
  formatVerifierKey,
  parseVerifierKey,
  signerFromSeed,
  signNote,
} from "@tremplin/portal/vault/signed-note";
import { issuedEntry, testVaultKeys } from "@tremplin/portal/vault/test-fixtures";
import { startOpensslTsa } from "@tremplin/portal/vault/test-timestamper";
import { verifyLog } from "@tremplin/portal/vault/verify-log";

const secret = new Uint8Array(32).fill(1);
const entryBytes = (n: number) => encodeEntry(buildEntry(issuedEntry(n), n, secret));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median milliseconds of `run` over `rounds` calls, after a few warm-up calls. */
function time(rounds: number, run: (i: number) => void): number {
  for (let i = 0; i < 5; i++) run(i);
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    run(i);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

const fmt = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
let failed = false;

// Baseline: hashing one entry as the log does (SHA-256 of 0x00 ‖ ~400 bytes of canonical JSON).
const sample = entryBytes(1);
const baseline = time(2_000, () => hashLeaf(sample));
console.log(`baseline: one leaf hash of a ${sample.length}-byte entry: ${fmt(baseline)} median`);

const tsa = await startOpensslTsa();
const signer = signerFromSeed("bench.tremplin/api/v1/vault", new Uint8Array(32).fill(7));
const vkey = formatVerifierKey(signer.name, signer.publicKey);

/**
 * A tree of `size` distinct synthetic leaves (the `proven` one a real entry), its root and the
 * proofs of `indices`. Only these leave the function: checking needs none of the tree, and its
 * million arrays must not weigh on the timings that follow.
 */
function buildTree(size: number, indices: number[], proven: number) {
  const started = performance.now();
  const salt = hashLeaf(sample);
  const leaves = Array.from({ length: size }, (_, n) =>
    n === proven ? hashLeaf(entryBytes(n)) : hashLeaf(Buffer.concat([salt, Buffer.from(String(n))])),
  );
  const read = memoryNodeReader(leaves);
  const root = treeRoot(size, read);
  const proofs = indices.map((i) => inclusionProof(i, size, read));
  return { root, proofs, provenHashes: indices.map((i) => leaves[i]!), built: performance.now() - started };
}

// Both trees first, then every timing: a million-leaf tree just dropped would still be in the
// heap, and its collection would land in the timings of whatever runs next.
const cases = [];
for (const size of [10_000, 1_000_000]) {
  const indices = Array.from({ length: 200 }, (_, i) => Math.floor(((i * 7919) % 200) * (size / 200)));
  const proven = indices[17]!;
  const tree = buildTree(size, indices, proven);
  const checkpoint = signNote(formatCheckpoint({ origin: signer.name, size, rootHash: tree.root }), signer);
  const token = await tsa.stamp(checkpointDigest(checkpoint));
  const bundle = {
    format: proofBundleFormat,
    entry: Buffer.from(entryBytes(proven)).toString("base64"),
    leafIndex: proven,
    treeSize: size,
    inclusionProof: tree.proofs[17]!.map((h) => Buffer.from(h).toString("base64")),
    checkpoint,
    checkpointTimestampToken: Buffer.from(token).toString("base64"),
  };
  cases.push({ size, indices, bundle, pdfSha256: issuedEntry(proven).certificateSha256, ...tree });
}
for (const { size, indices, root, proofs, provenHashes, built, bundle, pdfSha256 } of cases) {
  const lengths = proofs.map((p) => p.length);
  const verify = time(2_000, (i) => {
    const k = i % indices.length;
    if (!verifyInclusion(indices[k]!, size, provenHashes[k]!, proofs[k]!, root)) failed = true;
  });
  const bundleMs = time(300, () => {
    if (verifyProofBundle(bundle, [vkey], pdfSha256).some((c) => !c.ok)) failed = true;
  });
  console.log(
    `${size.toLocaleString("en")} entries (built in ${(built / 1000).toFixed(1)} s): proof ${Math.min(...lengths)}–${Math.max(...lengths)} hashes ` +
      `(${Math.max(...lengths) * 32} bytes; log2 n = ${Math.log2(size).toFixed(1)}), ` +
      `inclusion check ${fmt(verify)} median = ${(verify / baseline).toFixed(1)}× baseline ` +
      `(${fmt(verify / median(lengths))} per proof hash), ` +
      `whole bundle ${bundleMs.toFixed(2)} ms median (target ≤ 20 ms)`,
  );
  if (bundleMs > 20) failed = true;
}

// Why the upper tile levels are stored as they fill rather than recomputed per request.
const tileLeaves = Array.from({ length: 65_536 }, (_, n) => hashLeaf(Buffer.from(String(n))));
const level1Tile = time(3, () => {
  for (let t = 0; t < 256; t++) foldPerfect(tileLeaves.slice(t * 256, (t + 1) * 256));
});
console.log(
  `recomputing one full level-1 tile from its 65,536 leaf hashes: ${level1Tile.toFixed(1)} ms (stored: one read of 8 KiB)`,
);
await tsa.close();

// Real rows: appends in their own transactions on PGlite, then a proof from the stored hashes.
const database = await openDatabase({ kind: "pglite", dataDir: null });
await migrate(database.db);
const keys = testVaultKeys();
const appends = 3_000;
const appendStarted = performance.now();
for (let n = 0; n < appends; n++)
  await database.db.transaction((tx) => appendVaultEntry(tx, issuedEntry(n), keys));
const appendSeconds = (performance.now() - appendStarted) / 1000;
const dbRoot = await rootAt(database.db, appends);
const proofSamples: number[] = [];
for (let i = 0; i < 50; i++) {
  const started = performance.now();
  await inclusionProofAt(database.db, (i * 61) % appends, appends);
  proofSamples.push(performance.now() - started);
}
const dbProof = await inclusionProofAt(database.db, 1234, appends);
if (
  !verifyInclusion(
    1234,
    appends,
    hashLeaf(encodeEntry(buildEntry(issuedEntry(1234), 1234, keys.learnerSecret))),
    dbProof,
    dbRoot,
  )
)
  failed = true;
console.log(
  `PGlite: ${(appends / appendSeconds).toFixed(0)} appends/s (one transaction each), ` +
    `an inclusion proof from stored hashes ${median(proofSamples).toFixed(2)} ms median`,
);
// tremplin-vault verify's replay: every entry read, hashed, parsed and put back in the tree.
const replayStarted = performance.now();
const report = await verifyLog(database.db, [parseVerifierKey(keys.verifierKey)]);
const replaySeconds = (performance.now() - replayStarted) / 1000;
if (report.size !== appends || report.problems.length > 0) failed = true;
console.log(`tremplin-vault verify's replay: ${(appends / replaySeconds).toFixed(0)} entries/s`);
await database.close();

if (failed) {
  console.error("vault-proofs: a proof failed or the 20 ms target was missed");
  process.exit(1);
}
