import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOrCreateOrganisationPki, type OrganisationPki } from "@/server/signing/organisation-pki";
import { builtInTimestamper } from "@/server/signing/timestamper";
import { checkpointDigest } from "./proof-bundle";
import { readTimestampImprint } from "./timestamp-token";

// The portal's default: checkpoints time-stamped by the built-in TSA of the signing module.
let dir: string;
let pki: OrganisationPki;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vault-builtin-tsa-"));
  pki = await loadOrCreateOrganisationPki(path.join(dir, "signing"), { organisation: "Région test" });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("checkpoints under the built-in TSA", () => {
  it("get tokens whose imprint the vault reads back as the checkpoint's digest", async () => {
    const digest = checkpointDigest(
      "tremplin.test/api/v1/vault\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
    );
    const before = new Date(Date.now() - 1000);
    const imprint = readTimestampImprint(await builtInTimestamper(pki.tsa).stamp(digest));
    expect(imprint.hashAlgorithm).toBe("sha256");
    expect(imprint.digest).toEqual(digest);
    expect(imprint.genTime.getTime()).toBeGreaterThanOrEqual(before.getTime());
  });
});
