import { randomBytes } from "node:crypto";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readZip } from "./zip-reader";

describe("readZip", () => {
  it("inflates an entry off the event loop: other work goes on while it inflates", async () => {
    // 64 MiB of random letters from a 16-letter alphabet: compressed about twice, as text is.
    const text = randomBytes(64 * 1024 * 1024).map((b) => 0x61 + (b & 0x0f));
    const zip = Buffer.from(zipSync({ "big.txt": text }, { level: 1 }));
    const [entry] = readZip(zip);
    let turns = 0;
    let isReading = true;
    const spin = () => {
      turns += 1;
      if (isReading) setImmediate(spin);
    };
    setImmediate(spin);
    const out = await entry!.read();
    isReading = false;
    expect(out.equals(Buffer.from(text))).toBe(true);
    // A synchronous inflate would give the loop no turn at all until it returned.
    expect(turns).toBeGreaterThan(1);
  });
});
