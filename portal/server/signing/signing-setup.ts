import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@tremplin/domain/errors";
import { env } from "@/env";
import { crlsFromDistributionPoints } from "./crl-distribution";
import { fromPem } from "./der";
import { loadOrCreateOrganisationPki, type OrganisationPki, type SigningIdentity } from "./organisation-pki";
import { loadPkcs12Identity } from "./pkcs12";
import { builtInTimestamper, externalTimestamper, type Timestamper } from "./timestamper";
import { parseCertificate } from "./x509";

/** What issuance needs to sign and time-stamp, and what the trust bundle publishes. */
export type SigningSetup = {
  /** The built-in PKI (CA, its TSA, its CRL): always there, the built-in TSA route uses it. */
  pki: OrganisationPki;
  documentSigner: SigningIdentity;
  timestamper: Timestamper;
  /** Certificates a verifier trusts as roots, and the TSA certificates whose tokens it accepts. */
  caCertificates: Uint8Array[];
  tsaCertificates: Uint8Array[];
  /**
   * Revocation data to embed for the signer's chain (DER CRLs): the built-in CA's, or for a
   * PKCS#12 signer those its chain's distribution points publish (AppError "unavailable" if none
   * can be had: issuance waits).
   */
  crls(): Promise<Uint8Array[]>;
};

const holder = globalThis as typeof globalThis & { __tremplinSigning?: Promise<SigningSetup> };

/**
 * The process's signing setup, made on first use: the built-in PKI under
 * `<TREMPLIN_DATA_DIR>/secrets/signing` (created at first start), the PKCS#12 signer instead when
 * TREMPLIN_SIGNING_P12 is set, and the external TSA when TREMPLIN_TSA_URL is.
 */
export function getSigningSetup(): Promise<SigningSetup> {
  if (!holder.__tremplinSigning) {
    holder.__tremplinSigning = makeSetup();
    holder.__tremplinSigning.catch(() => {
      holder.__tremplinSigning = undefined;
    });
  }
  return holder.__tremplinSigning;
}

async function makeSetup(): Promise<SigningSetup> {
  const settings = env();
  const dir = path.resolve(settings.TREMPLIN_DATA_DIR, "secrets", "signing");
  const pki = await loadOrCreateOrganisationPki(dir, {
    organisation: settings.TREMPLIN_SIGNING_ORGANISATION,
  });
  const p12 = settings.TREMPLIN_SIGNING_P12;
  const documentSigner = p12
    ? await loadPkcs12Identity(
        await readConfigFile(p12, "TREMPLIN_SIGNING_P12"),
        settings.TREMPLIN_SIGNING_P12_PASSWORD ?? "",
      )
    : pki.documentSigner;
  const tsaUrl = settings.TREMPLIN_TSA_URL;
  const externalTsaCerts = tsaUrl
    ? fromPem(
        "CERTIFICATE",
        (await readConfigFile(settings.TREMPLIN_TSA_CERT_FILE!, "TREMPLIN_TSA_CERT_FILE")).toString("utf8"),
      )
    : [];
  if (tsaUrl && externalTsaCerts.length === 0)
    throw new AppError("config_invalid", "TREMPLIN_TSA_CERT_FILE : aucun certificat PEM dans ce fichier.");
  const signerRoot = documentSigner.chain.at(-1) ?? documentSigner.certificateDer;
  return {
    pki,
    documentSigner,
    timestamper: tsaUrl
      ? externalTimestamper({ url: tsaUrl, tsaCertificates: externalTsaCerts })
      : builtInTimestamper(pki.tsa),
    caCertificates: p12 ? [signerRoot] : [pki.ca.certificateDer],
    tsaCertificates: tsaUrl ? externalTsaCerts : [pki.tsa.certificateDer],
    crls: p12
      ? crlsFromDistributionPoints(
          [documentSigner.certificateDer, ...documentSigner.chain].map(parseCertificate),
        )
      : async () => [await pki.crl()],
  };
}

async function readConfigFile(file: string, key: string): Promise<Buffer> {
  return readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new AppError(
      "config_invalid",
      `${key} : fichier illisible (${file}, ${error.code ?? error.message}).`,
    );
  });
}
