import "server-only";
import path from "node:path";
import { env } from "@/env";
import { publicBaseUrl } from "@/server/app-deps";
import { getDb } from "@/server/db";
import { log } from "@/server/log";
import { getSigningSetup } from "@/server/signing/signing-setup";
import { appendToVault } from "@/server/vault/vault-deps";
import { folderCertificateStore } from "./certificate-store";
import { type CertificateWorker, startCertificateWorker } from "./certificate-worker";
import type { IssuanceDeps } from "./issue-due-certificates";
import { makeSignedDocument } from "./make-signed-document";

/** Issued PDFs live under `<data dir>/certificates`. */
export function certificateFolder(): string {
  return path.resolve(/* turbopackIgnore: true */ env().TREMPLIN_DATA_DIR, "certificates");
}

/** What the portal process issues with: its signing setup, its vault, its certificate folder. */
export async function getIssuanceDeps(): Promise<IssuanceDeps> {
  const setup = await getSigningSetup();
  return {
    makeDocument: (facts) => makeSignedDocument(setup, facts, publicBaseUrl()),
    appendToVault,
    store: folderCertificateStore(certificateFolder()),
  };
}

const holder = globalThis as typeof globalThis & { __tremplinCertificateWorker?: CertificateWorker };

/** The process's certificate worker, started on first use (at start-up: instrumentation.ts). */
export function getCertificateWorker(): CertificateWorker {
  holder.__tremplinCertificateWorker ??= startCertificateWorker({
    getDb,
    getDeps: getIssuanceDeps,
    pollMs: 2_000,
    log: log.child({ component: "certificates" }),
  });
  return holder.__tremplinCertificateWorker;
}
