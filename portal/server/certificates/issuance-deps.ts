import "server-only";
import path from "node:path";
import { env } from "@/env";
import { publicBaseUrl } from "@/server/app-deps";
import { getSigningSetup } from "@/server/signing/signing-setup";
import { appendToVault } from "@/server/vault/vault-deps";
import { folderCertificateStore } from "./certificate-store";
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
