import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpensslTsa, type TestTsa } from "./test-timestamper";
import { readTimestampImprint, timestampResponse } from "./timestamp-token";

let tsa: TestTsa;
beforeAll(async () => {
  tsa = await startOpensslTsa();
});
afterAll(() => tsa?.close());

describe("time-stamp tokens", () => {
  it("read the digest and time OpenSSL's TSA put in them", async () => {
    const digest = new Uint8Array(32).map((_, i) => i);
    const imprint = readTimestampImprint(await tsa.stamp(digest));
    expect(imprint).toMatchObject({ hashAlgorithm: "sha256", digest });
    expect(Math.abs(imprint.genTime.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("refuse bytes that are not a token", () => {
    expect(() => readTimestampImprint(Uint8Array.of(1, 2, 3))).toThrow(/illisible|SignedData/);
    expect(() => readTimestampImprint(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00))).toThrow(/SignedData/);
  });

  it("wrap a token in a TimeStampResp that `openssl ts -reply -in` reads as granted", async () => {
    const token = await tsa.stamp(new Uint8Array(32).fill(9));
    const file = path.join(tsa.dir, "wrapped.tsr");
    await writeFile(file, timestampResponse(token));
    const { stdout } = await promisify(execFile)("openssl", ["ts", "-reply", "-in", file, "-text"]);
    expect(stdout).toContain("Status: Granted.");
  });
});
