import { AppError } from "@tremplin/domain/errors";
import * as pkijs from "pkijs";
import { toArrayBuffer } from "./der";
import { oid } from "./oids";

const uriName = 6; // GeneralName uniformResourceIdentifier

/** The http(s) URLs of a certificate's CRL distribution points (RFC 5280 §4.2.1.13). */
export function crlUrls(cert: pkijs.Certificate): string[] {
  const parsed = cert.extensions?.find((e) => e.extnID === oid.crlDistributionPoints)?.parsedValue;
  if (!(parsed instanceof pkijs.CRLDistributionPoints)) return [];
  return parsed.distributionPoints
    .flatMap((point) => (Array.isArray(point.distributionPoint) ? point.distributionPoint : []))
    .filter((name) => name.type === uriName && /^https?:\/\//.test(String(name.value)))
    .map((name) => String(name.value));
}

type Cached = { der: Uint8Array; refreshAt: number; expiresAt: number };

export type CrlSourceOptions = { fetch?: typeof fetch; timeoutMs?: number; now?: () => Date };

/**
 * The CRLs of a production signer's chain (leaf first, root last), fetched from the distribution
 * points its certificates name, checked against their issuer, and kept until half their validity
 * has passed: what signPdf embeds for B-LT. A CRL that cannot be fetched while the one kept is
 * still valid is served from the cache; with none valid, AppError "unavailable": issuance waits.
 */
export function crlsFromDistributionPoints(chain: pkijs.Certificate[], options: CrlSourceOptions = {}) {
  const cache = new Map<string, Cached>();
  const clock = options.now ?? (() => new Date());
  const fetchFn = options.fetch ?? fetch;
  const one = async (
    cert: pkijs.Certificate,
    issuer: pkijs.Certificate,
    urls: string[],
  ): Promise<Uint8Array> => {
    const now = clock().getTime();
    const key = urls.join(" ");
    const kept = cache.get(key);
    if (kept && now < kept.refreshAt) return kept.der;
    const errors: string[] = [];
    for (const url of urls) {
      try {
        const response = await fetchFn(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const der = new Uint8Array(await response.arrayBuffer());
        const crl = pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der));
        if (!(await crl.verify({ issuerCertificate: issuer })))
          throw new Error("signature de la CRL invalide");
        const from = crl.thisUpdate.value.getTime();
        const until = crl.nextUpdate?.value.getTime() ?? from + 24 * 3600_000;
        if (now >= until) throw new Error("CRL périmée");
        cache.set(key, { der, refreshAt: from + (until - from) / 2, expiresAt: until });
        return der;
      } catch (error) {
        errors.push(`${url} : ${(error as Error).message}`);
      }
    }
    if (kept && now < kept.expiresAt) return kept.der;
    throw new AppError(
      "unavailable",
      `CRL du certificat « ${subject(cert)} » introuvable (${errors.join(" ; ")})`,
    );
  };
  return async (): Promise<Uint8Array[]> => {
    const crls: Uint8Array[] = [];
    for (const [i, cert] of chain.slice(0, -1).entries()) {
      const urls = crlUrls(cert);
      if (urls.length) crls.push(await one(cert, chain[i + 1]!, urls));
    }
    return crls;
  };
}

function subject(cert: pkijs.Certificate): string {
  return cert.subject.typesAndValues.map((t) => String(t.value.valueBlock.value)).join(", ");
}
