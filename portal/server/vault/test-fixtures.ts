// Tests only: vault entries and keys made up for a test.
import type { VaultEntryInput } from "./entry";
import { formatVerifierKey, signerFromSeed } from "./signed-note";
import type { VaultKeys } from "./vault-keys";

export function testVaultKeys(seedByte = 5): VaultKeys {
  const signer = signerFromSeed("tremplin.test/api/v1/vault", new Uint8Array(32).fill(seedByte));
  return {
    origin: signer.name,
    signer,
    verifierKey: formatVerifierKey(signer.name, signer.publicKey),
    learnerSecret: new Uint8Array(32).fill(seedByte + 1),
  };
}

export function issuedEntry(n: number, overrides: Partial<VaultEntryInput> = {}): VaultEntryInput {
  return {
    kind: "issued",
    code: `TEST-${String(n).padStart(6, "0")}`,
    certificateSha256: n.toString(16).padStart(64, "0"),
    trainingId: "training-1",
    trainingTitle: "Formation d'essai",
    learnerId: `learner-${n}`,
    at: new Date(Date.UTC(2026, 11, 6, 10, 0, n % 60)),
    ...overrides,
  };
}
