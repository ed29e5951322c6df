import { execFile } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { AppError } from "@tremplin/domain/errors";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256, toPem } from "./der";
import { loadOrCreateOrganisationPki, type OrganisationPki } from "./organisation-pki";
import { openssl } from "./test-verifiers";
import { verifyTimestampToken } from "./timestamp-token";
import { builtInTimestamper, externalTimestamper } from "./timestamper";
import { tsaRoute } from "./tsa-route";

const run = promisify(execFile);
let tmp: Awaited<ReturnType<typeof makeTmpDir>>;
let pki: OrganisationPki;
let other: OrganisationPki;
const post = tsaRoute(async () => pki.tsa);

beforeAll(async () => {
  tmp = await makeTmpDir("tremplin-tsa-");
  [pki, other] = await Promise.all([
    loadOrCreateOrganisationPki(path.join(tmp.dir, "pki"), { organisation: "Région Test" }),
    loadOrCreateOrganisationPki(path.join(tmp.dir, "other"), { organisation: "Autre" }),
  ]);
  await writeFile(path.join(tmp.dir, "ca.pem"), toPem("CERTIFICATE", pki.ca.certificateDer));
  await writeFile(path.join(tmp.dir, "tsa.pem"), toPem("CERTIFICATE", pki.tsa.certificateDer));
});
afterAll(() => tmp.cleanup());

const tsaRequest = (body: Uint8Array, type = "application/timestamp-query") =>
  new Request("http://portail.test/api/v1/tsa", {
    method: "POST",
    body: Buffer.from(body),
    headers: { "content-type": type },
  });

/** A fetch that hands the request to the route handler, as the network would. */
const routeFetch = (async (_url: string, init: RequestInit) =>
  post(tsaRequest(new Uint8Array(init.body as Uint8Array)))) as unknown as typeof fetch;

describe("organisation PKI", () => {
  it("is made once: two calls racing share one CA, and a restart reuses it", async () => {
    const dir = path.join(tmp.dir, "race");
    const [a, b] = await Promise.all([
      loadOrCreateOrganisationPki(dir, { organisation: "Course" }),
      loadOrCreateOrganisationPki(dir, { organisation: "Course" }),
    ]);
    expect(Buffer.from(a.ca.certificateDer).equals(Buffer.from(b.ca.certificateDer))).toBe(true);
    const again = await loadOrCreateOrganisationPki(dir, { organisation: "Course" });
    expect(Buffer.from(again.tsa.certificateDer).equals(Buffer.from(a.tsa.certificateDer))).toBe(true);
    const key = await readFile(path.join(dir, "signer.key.pem"));
    expect(key.toString()).toContain("PRIVATE KEY");
  });

  it("is made once by two processes starting together, leaving no temporary directory", async () => {
    const dir = path.join(tmp.dir, "two-processes");
    const module = new URL("./organisation-pki.ts", import.meta.url).href;
    const script = `const { loadOrCreateOrganisationPki } = await import(${JSON.stringify(module)});
      const pki = await loadOrCreateOrganisationPki(${JSON.stringify(dir)}, { organisation: "Course" });
      console.log(Buffer.from(pki.ca.certificateDer).toString("base64"));`;
    const start = () =>
      run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { timeout: 60_000 });
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.stdout.trim()).toMatch(/^MII/); // a DER certificate, base64
    expect(a.stdout.trim()).toBe(b.stdout.trim());
    expect((await readdir(tmp.dir)).filter((name) => name.startsWith("two-processes"))).toEqual([
      "two-processes",
    ]);
  });

  it("gives the TSA a critical id-kp-timeStamping and the signer non-repudiation (as OpenSSL reads them)", async () => {
    const tsa = await openssl([
      "x509",
      "-in",
      path.join(tmp.dir, "tsa.pem"),
      "-noout",
      "-ext",
      "extendedKeyUsage",
    ]);
    expect(tsa.output).toMatch(/Extended Key Usage: critical\s+Time Stamping/);
    await writeFile(
      path.join(tmp.dir, "signer.pem"),
      toPem("CERTIFICATE", pki.documentSigner.certificateDer),
    );
    const signer = await openssl([
      "x509",
      "-in",
      path.join(tmp.dir, "signer.pem"),
      "-noout",
      "-ext",
      "keyUsage",
    ]);
    expect(signer.output).toMatch(/Digital Signature, Non Repudiation/);
    const chain = await openssl([
      "verify",
      "-CAfile",
      path.join(tmp.dir, "ca.pem"),
      path.join(tmp.dir, "signer.pem"),
    ]);
    expect(chain.code).toBe(0);
  });
});

describe("POST /api/v1/tsa", () => {
  it("answers an OpenSSL query with a reply that `openssl ts -verify -queryfile` accepts", async () => {
    const data = path.join(tmp.dir, "data.txt");
    const query = path.join(tmp.dir, "query.tsq");
    await writeFile(data, "attestation");
    expect((await openssl(["ts", "-query", "-data", data, "-sha256", "-cert", "-out", query])).code).toBe(0);
    const response = await post(tsaRequest(await readFile(query)));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/timestamp-reply");
    const reply = path.join(tmp.dir, "reply.tsr");
    await writeFile(reply, Buffer.from(await response.arrayBuffer()));
    const text = await openssl(["ts", "-reply", "-in", reply, "-text"]);
    expect(text.output).toContain("Status: Granted");
    expect(text.output).toMatch(/Nonce: 0x[0-9A-F]+/);
    const verified = await openssl([
      "ts",
      "-verify",
      "-queryfile",
      query,
      "-in",
      reply,
      "-CAfile",
      path.join(tmp.dir, "ca.pem"),
    ]);
    expect(verified.output).toContain("Verification: OK");
    const foreign = await openssl([
      "ts",
      "-verify",
      "-data",
      data,
      "-in",
      reply,
      "-CAfile",
      path.join(tmp.dir, "tsa.pem"),
      "-partial_chain",
    ]);
    expect(foreign.code).toBe(0);
  });

  it("answers a query it cannot serve (SHA-1, another policy) with a rejection OpenSSL reads", async () => {
    const data = path.join(tmp.dir, "data.txt");
    await writeFile(data, "attestation");
    for (const [args, failure] of [
      [["-sha1"], "unrecognized or unsupported algorithm"],
      [["-sha256", "-tspolicy", "1.2.3.4"], "the requested TSA policy is not supported"],
    ] as const) {
      const query = path.join(tmp.dir, "refused.tsq");
      expect((await openssl(["ts", "-query", "-data", data, ...args, "-out", query])).code).toBe(0);
      const response = await post(tsaRequest(await readFile(query)));
      expect(response.status).toBe(200);
      const reply = path.join(tmp.dir, "refused.tsr");
      await writeFile(reply, Buffer.from(await response.arrayBuffer()));
      const text = (await openssl(["ts", "-reply", "-in", reply, "-text"])).output;
      expect(text).toContain("Status: Rejected");
      expect(text).toContain(failure);
    }
  });

  it("refuses bytes that are no query (400), another content type (400), and a body over 8 KiB (413)", async () => {
    const garbage = await post(tsaRequest(new TextEncoder().encode("pas une requête")));
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).error.message).toMatch(/TimeStampReq/);
    expect(
      (await post(tsaRequest(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]), "application/json"))).status,
    ).toBe(400);
    expect((await post(tsaRequest(new Uint8Array(9000)))).status).toBe(413);
  });
});

describe("Timestamper", () => {
  const digest = sha256(new TextEncoder().encode("une attestation"));

  it("built in: a token that our check and `openssl ts -verify -digest` accept", async () => {
    const token = await builtInTimestamper(pki.tsa).stamp(digest);
    expect((await verifyTimestampToken(token, digest, [pki.tsa.certificateDer])).ok).toBe(true);
    const file = path.join(tmp.dir, "token.der");
    await writeFile(file, token);
    const hex = Buffer.from(digest).toString("hex");
    const args = [
      "ts",
      "-verify",
      "-digest",
      hex,
      "-in",
      file,
      "-token_in",
      "-CAfile",
      path.join(tmp.dir, "ca.pem"),
    ];
    expect((await openssl(args)).output).toContain("Verification: OK");
    const other = Buffer.from(sha256(new TextEncoder().encode("autre"))).toString("hex");
    expect((await openssl(args.with(3, other))).code).not.toBe(0);
  });

  it("external: takes a granted, matching reply from the TSA route", async () => {
    const stamper = externalTimestamper({
      url: "http://tsa.test/",
      tsaCertificates: [pki.tsa.certificateDer],
      fetch: routeFetch,
    });
    const token = await stamper.stamp(digest);
    expect((await verifyTimestampToken(token, digest, [pki.tsa.certificateDer])).ok).toBe(true);
  });

  it("external: refuses a reply for another imprint, an unknown TSA, and a TSA that is down (all retryable)", async () => {
    const swapped = (async (url: string, init: RequestInit) => {
      // The same query (same nonce) for another digest: a TSA or a proxy answering another request.
      const query = pkijs.TimeStampReq.fromBER(new Uint8Array(init.body as Uint8Array).slice().buffer);
      query.messageImprint.hashedMessage = new asn1js.OctetString({
        valueHex: new Uint8Array(32).fill(7).buffer,
      });
      return routeFetch(url, { ...init, body: new Uint8Array(query.toSchema().toBER(false)) });
    }) as unknown as typeof fetch;
    const cases = [
      externalTimestamper({
        url: "http://tsa.test/",
        tsaCertificates: [pki.tsa.certificateDer],
        fetch: swapped,
      }),
      externalTimestamper({
        url: "http://tsa.test/",
        tsaCertificates: [other.tsa.certificateDer],
        fetch: routeFetch,
      }),
      externalTimestamper({
        url: "http://127.0.0.1:9/",
        tsaCertificates: [pki.tsa.certificateDer],
        timeoutMs: 2000,
      }),
    ];
    const errors = await Promise.all(cases.map((c) => c.stamp(digest).catch((e: unknown) => e)));
    for (const error of errors) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("unavailable");
    }
    expect((errors[0] as AppError).message).toMatch(/autre empreinte|nonce/);
    expect((errors[1] as AppError).message).toMatch(/inconnue/);
  });
});
