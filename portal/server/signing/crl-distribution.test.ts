import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { AppError } from "@tremplin/domain/errors";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crlsFromDistributionPoints, crlUrls } from "./crl-distribution";
import { loadOrCreateOrganisationPki, type OrganisationPki } from "./organisation-pki";
import { createCertificate, generateKeyPair } from "./x509";

let tmp: Awaited<ReturnType<typeof makeTmpDir>>;
let pki: OrganisationPki;
let other: OrganisationPki;
let server: Server;
let url: string;
let served: { requests: number; crl: () => Promise<Uint8Array> };

beforeAll(async () => {
  tmp = await makeTmpDir("tremplin-crl-");
  [pki, other] = await Promise.all([
    loadOrCreateOrganisationPki(path.join(tmp.dir, "pki"), { organisation: "Région Test" }),
    loadOrCreateOrganisationPki(path.join(tmp.dir, "other"), { organisation: "Autre" }),
  ]);
  served = { requests: 0, crl: () => pki.crl() };
  server = createServer(async (_request, response) => {
    served.requests += 1;
    response.writeHead(200, { "content-type": "application/pkix-crl" }).end(await served.crl());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ca.crl`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await tmp.cleanup();
});

/** A production-like signer whose certificate names `url` as its CRL distribution point. */
async function signerChain() {
  const keys = await generateKeyPair();
  const now = Date.now();
  const leaf = await createCertificate({
    commonName: "Signataire",
    organisation: "Région Test",
    keys,
    profile: "document-signing",
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 3600_000 * 24 * 365),
    issuer: { certificate: pki.ca.certificate, privateKey: pki.ca.privateKey },
    crlUrl: url,
  });
  return [leaf, pki.ca.certificate];
}

describe("crlsFromDistributionPoints", () => {
  it("fetches the CRL the certificate names, checks its issuer's signature, and keeps it", async () => {
    const chain = await signerChain();
    expect(crlUrls(chain[0]!)).toEqual([url]);
    const source = crlsFromDistributionPoints(chain);
    const before = served.requests;
    const [crl] = await source();
    expect(Buffer.from(crl!).equals(Buffer.from(await pki.crl()))).toBe(true);
    await source();
    expect(served.requests - before).toBe(1);
  });

  it("serves the kept CRL while the server is down and it is valid, then is unavailable", async () => {
    const chain = await signerChain();
    const day = 24 * 3600_000;
    const start = Date.now();
    let now = start;
    let isDown = false;
    const flaky = (async (input: string, init: RequestInit) => {
      if (isDown) throw new Error("connexion refusée");
      return fetch(input, init);
    }) as unknown as typeof fetch;
    const source = crlsFromDistributionPoints(chain, { fetch: flaky, now: () => new Date(now) });
    const [first] = await source();
    isDown = true;
    now = start + 5 * day; // past half of its week: tried again, failed, the kept one still valid
    expect((await source())[0]).toBe(first);
    now = start + 8 * day; // past its nextUpdate
    const error = await source().catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("unavailable");
    expect((error as AppError).message).toMatch(/connexion refusée/);
  });

  it("refuses a CRL signed by another CA", async () => {
    served.crl = () => other.crl();
    const error = await crlsFromDistributionPoints(await signerChain())().catch((e) => e);
    served.crl = () => pki.crl();
    expect((error as AppError).message).toMatch(/signature de la CRL invalide/);
  });
});
