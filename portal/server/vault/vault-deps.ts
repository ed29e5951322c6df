import "server-only";
import path from "node:path";
import type { Db } from "@tremplin/db/client";
import { env } from "@/env";
import { publicBaseUrl } from "@/server/app-deps";
import { getDb } from "@/server/db";
import { log } from "@/server/log";
import { getSigningSetup } from "@/server/signing/signing-setup";
import { appendVaultEntry } from "./append-vault-entry";
import { type CheckpointPublisher, startCheckpointPublisher } from "./checkpoint-publisher";
import type { VaultEntryInput } from "./entry";
import { loadOrCreateVaultKeys, originForBaseUrl, type VaultKeys } from "./vault-keys";
import { vaultRoutes } from "./vault-routes";

/** `<data dir>/secrets/vault/keys.json` (beside the signing PKI): the log's signing key and the learner pseudonym secret. */
export function vaultKeyFile(): string {
  return path.resolve(/* turbopackIgnore: true */ env().TREMPLIN_DATA_DIR, "secrets", "vault", "keys.json");
}

const holder = globalThis as typeof globalThis & { __tremplinVaultKeys?: Promise<VaultKeys> };

/** The process's vault keys, read (or created at first start) once. */
export function getVaultKeys(): Promise<VaultKeys> {
  if (!holder.__tremplinVaultKeys) {
    holder.__tremplinVaultKeys = loadOrCreateVaultKeys(vaultKeyFile(), originForBaseUrl(publicBaseUrl()));
    holder.__tremplinVaultKeys.catch(() => {
      holder.__tremplinVaultKeys = undefined;
    });
  }
  return holder.__tremplinVaultKeys;
}

/** The log's verifier key string, `<origin>+<hex key id>+<base64 key>`, for the trust bundle. */
export async function getLogVerifierKey(): Promise<string> {
  return (await getVaultKeys()).verifierKey;
}

/** appendVaultEntry with the process's keys: what the issuance path is given as `appendToVault`. */
export async function appendToVault(tx: Db, input: VaultEntryInput): Promise<{ leafIndex: number }> {
  return appendVaultEntry(tx, input, await getVaultKeys());
}

const publisherHolder = globalThis as typeof globalThis & { __tremplinVaultPublisher?: CheckpointPublisher };

/** The process's checkpoint publisher, started on first use (at start-up: instrumentation.ts). */
export function getCheckpointPublisher(): CheckpointPublisher {
  publisherHolder.__tremplinVaultPublisher ??= startCheckpointPublisher({
    getDb,
    getKeys: getVaultKeys,
    getTimestamper: async () => (await getSigningSetup()).timestamper,
    log: log.child({ component: "vault-checkpoints" }),
  });
  return publisherHolder.__tremplinVaultPublisher;
}

/** The handlers of /api/v1/vault/…, bound to the process's database and keys. */
export const vaultApi = vaultRoutes({ getDb, getVerifierKey: getLogVerifierKey });
