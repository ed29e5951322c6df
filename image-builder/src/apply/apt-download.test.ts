import { describe, expect, it } from "vitest";
import { debFileName, parseAptRecord } from "./apt-download";

const record = `Package: linux-image-cloud-amd64
Source: linux-signed-amd64 (6.1.192+2)
Version: 6.1.192-2
Architecture: amd64
Depends: linux-image-6.1.0-56-cloud-amd64 (= 6.1.192-2), foo | bar
SHA256: ${"a".repeat(64)}

Package: linux-image-cloud-amd64
Version: 6.1.100-1
`;

describe("parseAptRecord", () => {
  it("reads the first stanza: version, architecture, hash and dependency names", () => {
    expect(parseAptRecord(record, "linux-image-cloud-amd64")).toEqual({
      name: "linux-image-cloud-amd64",
      version: "6.1.192-2",
      arch: "amd64",
      sha256: "a".repeat(64),
      depends: ["linux-image-6.1.0-56-cloud-amd64", "foo"],
    });
  });

  it("refuses a stanza without a hash", () => {
    expect(() => parseAptRecord("Package: x\nVersion: 1\nArchitecture: all\n", "x")).toThrow(/SHA256/);
  });
});

describe("debFileName", () => {
  it("writes the epoch's colon as apt does", () => {
    expect(debFileName({ name: "busybox-static", version: "1:1.35.0-4", arch: "amd64" })).toBe(
      "busybox-static_1%3a1.35.0-4_amd64.deb",
    );
  });
});
