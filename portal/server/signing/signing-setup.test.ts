import { readdir } from "node:fs/promises";
import path from "node:path";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parsePortalEnv } from "@/env";
import { sha256 } from "./der";
import { verifyTimestampToken } from "./timestamp-token";

let tmp: Awaited<ReturnType<typeof makeTmpDir>>;
beforeAll(async () => {
  tmp = await makeTmpDir("tremplin-signing-setup-");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await tmp.cleanup();
});

describe("signing settings", () => {
  it("ask for the PKCS#12's password and the external TSA's certificate, naming both at once", () => {
    const parsed = parsePortalEnv({
      TREMPLIN_SIGNING_P12: "/etc/tremplin/signer.p12",
      TREMPLIN_TSA_URL: "https://tsa.example/",
    });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(
      "TREMPLIN_SIGNING_P12_PASSWORD: obligatoire avec TREMPLIN_SIGNING_P12",
    );
    expect(!parsed.ok && parsed.message).toContain(
      "TREMPLIN_TSA_CERT_FILE: obligatoire avec TREMPLIN_TSA_URL",
    );
    expect(parsePortalEnv({ TREMPLIN_TSA_URL: "ftp://tsa" })).toMatchObject({ ok: false });
  });
});

describe("getSigningSetup", () => {
  it("makes the built-in PKI under <data>/secrets/signing at first use, and time-stamps with its TSA", async () => {
    vi.stubEnv("TREMPLIN_DATA_DIR", tmp.dir);
    const { getSigningSetup } = await import("./signing-setup");
    const setup = await getSigningSetup();
    expect((await readdir(path.join(tmp.dir, "secrets", "signing"))).sort()).toEqual([
      "ca.key.pem",
      "ca.pem",
      "signer.key.pem",
      "signer.pem",
      "tsa.key.pem",
      "tsa.pem",
    ]);
    expect(await getSigningSetup()).toBe(setup);
    const digest = sha256(new TextEncoder().encode("x"));
    const token = await setup.timestamper.stamp(digest);
    expect((await verifyTimestampToken(token, digest, setup.tsaCertificates)).ok).toBe(true);
    expect(setup.caCertificates).toEqual([setup.pki.ca.certificateDer]);
    expect(await setup.crls()).toHaveLength(1);
  });
});
