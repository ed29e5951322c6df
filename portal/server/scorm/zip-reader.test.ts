import { randomBytes } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readZip } from "./zip-reader";

describe("readZip", () => {
  it("inflates an entry off the event loop: other work goes on while it inflates", async () => {
    // 64 MiB of random letters from a 16-letter alphabet: compressed about twice, as text is.
    const text = randomBytes(64 * 1024 * 1024).map((b) => 0x61 + (b & 0x0f));
    const zip = Buffer.from(zipSync({ "big.txt": text }, { level: 1 }));
    const [entry] = await readZip(zip);
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

  it("refuses an entry whose content does not match its CRC (yauzl does not check it: we do)", async () => {
    const zip = Buffer.from(zipSync({ "index.html": strToU8("<p>Bonjour</p>".repeat(100)) }));
    // The CRC sits at offset 16 of the central directory record, 14 of the local header.
    for (let at = 0; at < zip.length - 4; at++) {
      const sig = zip.readUInt32LE(at);
      if (sig === 0x02014b50) zip.writeUInt32LE(zip.readUInt32LE(at + 16) ^ 1, at + 16);
      if (sig === 0x04034b50) zip.writeUInt32LE(zip.readUInt32LE(at + 14) ^ 1, at + 14);
    }
    const [entry] = await readZip(zip);
    await expect(entry!.read()).rejects.toMatchObject({
      code: "invalid_input",
      message: "Somme de contrôle incorrecte : index.html",
    });
  });
});
