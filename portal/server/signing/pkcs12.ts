import { AppError } from "@tremplin/domain/errors";
import * as pkijs from "pkijs";
import { toArrayBuffer } from "./der";
import type { SigningIdentity } from "./organisation-pki";
import { certificateDer } from "./x509";

const bagIds = {
  shroudedKey: "1.2.840.113549.1.12.10.1.2",
  key: "1.2.840.113549.1.12.10.1.1",
  cert: "1.2.840.113549.1.12.10.1.3",
};
const keyAlgorithms: Record<string, EcKeyImportParams | RsaHashedImportParams> = {
  "1.2.840.10045.2.1": { name: "ECDSA", namedCurve: "P-256" },
  "1.2.840.113549.1.1.1": { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
};

/** pkijs types the decryption of a shrouded key bag as protected; PFX parsing needs it called. */
type Decryptable = { parseInternalValues(parameters: { password: ArrayBuffer }): Promise<void> };

const invalid = (message: string, cause?: unknown) =>
  new AppError("config_invalid", `TREMPLIN_SIGNING_P12 : ${message}`, { cause });

/**
 * The signing key, its certificate and chain from a PKCS#12 file (RFC 7292), as a CA or an HSM
 * export delivers them: integrity checked with the password, bags decrypted with it (PBES2 as
 * OpenSSL 3 writes, or the legacy PKCS#12 schemes pkijs reads).
 */
export async function loadPkcs12Identity(file: Uint8Array, password: string): Promise<SigningIdentity> {
  const secret = toArrayBuffer(new TextEncoder().encode(password));
  const bags: pkijs.SafeBag[] = [];
  try {
    const pfx = pkijs.PFX.fromBER(toArrayBuffer(file));
    await pfx.parseInternalValues({ password: secret, checkIntegrity: true });
    const authSafe = pfx.parsedValue?.authenticatedSafe;
    if (!authSafe) throw new Error("contenu absent");
    await authSafe.parseInternalValues({
      safeContents: authSafe.safeContents.map(() => ({ password: secret })),
    });
    for (const contents of authSafe.parsedValue?.safeContents ?? []) bags.push(...contents.value.safeBags);
    for (const bag of bags)
      if (bag.bagId === bagIds.shroudedKey)
        await (bag.bagValue as unknown as Decryptable).parseInternalValues({ password: secret });
  } catch (error) {
    throw invalid(`illisible ou mauvais mot de passe (${(error as Error).message})`, error);
  }
  const certs = bags
    .filter((b) => b.bagId === bagIds.cert)
    .map((b) => (b.bagValue as pkijs.CertBag).parsedValue)
    .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const keyInfo = bags
    .map((b) =>
      b.bagId === bagIds.shroudedKey
        ? (b.bagValue as pkijs.PKCS8ShroudedKeyBag).parsedValue
        : b.bagId === bagIds.key
          ? (b.bagValue as pkijs.PrivateKeyInfo)
          : undefined,
    )
    .find((k): k is pkijs.PrivateKeyInfo => k !== undefined);
  if (!keyInfo) throw invalid("aucune clé privée dans le fichier");
  const algorithm = keyAlgorithms[keyInfo.privateKeyAlgorithm.algorithmId];
  if (!algorithm)
    throw invalid(`type de clé non pris en charge (${keyInfo.privateKeyAlgorithm.algorithmId})`);
  const privateKey = await crypto.subtle.importKey(
    "pkcs8",
    keyInfo.toSchema().toBER(false),
    algorithm,
    false,
    ["sign"],
  );
  // The leaf is the certificate that issued none of the others; its chain follows issuer names.
  const leaf = certs.find((c) => !certs.some((o) => o !== c && o.issuer.isEqual(c.subject)));
  if (!leaf) throw invalid("aucun certificat dans le fichier");
  const chain: Uint8Array[] = [];
  for (let cert = leaf; !cert.issuer.isEqual(cert.subject); ) {
    const issuer = certs.find((c) => c.subject.isEqual(cert.issuer));
    if (!issuer || chain.length > 8) break;
    chain.push(certificateDer(issuer));
    cert = issuer;
  }
  return { certificate: leaf, certificateDer: certificateDer(leaf), privateKey, chain };
}
