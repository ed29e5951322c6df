import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type * as pkijs from "pkijs";
import { fromPem, toArrayBuffer, toPem } from "./der";
import {
  certificateDer,
  createCertificate,
  createCrl,
  generateKeyPair,
  type Issuer,
  type KeyPair,
  keyAlgorithm,
  parseCertificate,
} from "./x509";

/** A key and its certificate, with the certificates above it up to the root (DER, nearest first). */
export type SigningIdentity = {
  certificate: pkijs.Certificate;
  certificateDer: Uint8Array;
  privateKey: CryptoKey;
  chain: Uint8Array[];
};

/** The organisation's embedded PKI: a root CA, the document signer and the built-in TSA under it. */
export type OrganisationPki = {
  ca: SigningIdentity;
  documentSigner: SigningIdentity;
  tsa: SigningIdentity;
  /** The CA's current CRL (DER), made anew once a day: the revocation data a PDF embeds. */
  crl(now?: Date): Promise<Uint8Array>;
};

const year = 365 * 24 * 3600_000;
const day = 24 * 3600_000;
const files = ["ca", "signer", "tsa"] as const;

/**
 * The PKI kept in `dir` (made at first start, then reused). Made in a temporary directory and
 * renamed into place in one step: a crash leaves no half-made PKI, and when two processes start
 * together the second rename fails (the directory exists and is not empty), so that process drops
 * its own and loads the winner's: there is only ever one CA.
 */
export async function loadOrCreateOrganisationPki(
  dir: string,
  options: { organisation: string; now?: Date },
): Promise<OrganisationPki> {
  const existing = await loadPki(dir);
  if (existing) return existing;
  const temp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  await mkdir(path.dirname(dir), { recursive: true, mode: 0o700 });
  await mkdir(temp, { mode: 0o700 });
  try {
    await writePki(temp, options.organisation, options.now ?? new Date());
    await rename(temp, dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  const loaded = await loadPki(dir);
  if (!loaded) throw new Error(`PKI de l'organisation illisible après sa création : ${dir}`);
  return loaded;
}

async function writePki(dir: string, organisation: string, now: Date): Promise<void> {
  const notBefore = new Date(now.getTime() - 3600_000);
  const caKeys = await generateKeyPair();
  const caCert = await createCertificate({
    commonName: `${organisation} — autorité de certification`,
    organisation,
    keys: caKeys,
    profile: "ca",
    notBefore,
    notAfter: new Date(now.getTime() + 20 * year),
  });
  const issuer: Issuer = { certificate: caCert, privateKey: caKeys.privateKey };
  const made: Partial<Record<(typeof files)[number], { cert: pkijs.Certificate; keys: KeyPair }>> = {
    ca: { cert: caCert, keys: caKeys },
  };
  for (const [file, profile, commonName, years] of [
    ["signer", "document-signing", `${organisation} — signature des attestations`, 3],
    ["tsa", "timestamping", `${organisation} — horodatage`, 10],
  ] as const) {
    const keys = await generateKeyPair();
    const notAfter = new Date(now.getTime() + years * year);
    const cert = await createCertificate({
      commonName,
      organisation,
      keys,
      profile,
      notBefore,
      notAfter,
      issuer,
    });
    made[file] = { cert, keys };
  }
  for (const file of files) {
    const { cert, keys } = made[file]!;
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", keys.privateKey));
    await writeFile(path.join(dir, `${file}.pem`), toPem("CERTIFICATE", certificateDer(cert)), {
      mode: 0o644,
    });
    await writeFile(path.join(dir, `${file}.key.pem`), toPem("PRIVATE KEY", pkcs8), { mode: 0o600 });
  }
}

async function loadPki(dir: string): Promise<OrganisationPki | undefined> {
  const read = (name: string) =>
    readFile(path.join(dir, name), "utf8").catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return undefined;
      throw e;
    });
  const texts = await Promise.all(files.flatMap((f) => [read(`${f}.pem`), read(`${f}.key.pem`)]));
  if (texts.every((t) => t === undefined)) return undefined;
  if (texts.some((t) => t === undefined)) throw new Error(`PKI de l'organisation incomplète dans ${dir}`);
  const identity = async (index: number, chain: Uint8Array[]): Promise<SigningIdentity> => {
    const der = fromPem("CERTIFICATE", texts[index * 2]!)[0]!;
    const pkcs8 = fromPem("PRIVATE KEY", texts[index * 2 + 1]!)[0]!;
    const privateKey = await crypto.subtle.importKey("pkcs8", toArrayBuffer(pkcs8), keyAlgorithm, false, [
      "sign",
    ]);
    return { certificate: parseCertificate(der), certificateDer: der, privateKey, chain };
  };
  const ca = await identity(0, []);
  const documentSigner = await identity(1, [ca.certificateDer]);
  const tsa = await identity(2, [ca.certificateDer]);
  return { ca, documentSigner, tsa, crl: crlSource(ca) };
}

/** The CA's CRL, made when first asked and again once it is a day old (valid for a week). */
function crlSource(ca: SigningIdentity): OrganisationPki["crl"] {
  let current: { der: Uint8Array; madeAt: number } | undefined;
  return async (now = new Date()) => {
    if (current && now.getTime() - current.madeAt < day && now.getTime() >= current.madeAt)
      return current.der;
    const issuer = { certificate: ca.certificate, privateKey: ca.privateKey };
    const crl = await createCrl(issuer, {
      thisUpdate: new Date(now.getTime() - 60_000),
      nextUpdate: new Date(now.getTime() + 7 * day),
    });
    current = { der: new Uint8Array(crl.toSchema(true).toBER(false)), madeAt: now.getTime() };
    return current.der;
  };
}
