import type { Manifest, ManifestHeader } from "./manifest";

/** A small valid manifest for tests: two chunks around a hole. */
export function testManifest(overrides: Partial<Manifest> = {}): Manifest {
  return {
    format: "tremplin-master/1",
    name: "bureautique",
    version: "2026.12.06",
    os: "windows",
    created: "2026-12-06T10:00:00.000Z",
    virtualSize: 3 * 65_536,
    sha256: "a".repeat(64),
    hints: { memoryMiB: 4096, firmware: "uefi", diskBus: "sata", rtc: "localtime" },
    chunker: { algorithm: "fastcdc-gear32-nc1", minSize: 4096, avgSize: 16_384, maxSize: 65_536 },
    compression: "zstd",
    chunks: [
      [0, 65_536, "b".repeat(64), 100],
      [131_072, 65_536, "c".repeat(64), 200],
    ],
    holes: [[65_536, 65_536]],
    ...overrides,
  };
}

/** The signed header of `testManifest()`, its index as one (made-up) part. */
export function testHeader(overrides: Partial<ManifestHeader> = {}): ManifestHeader {
  const { chunks: _chunks, holes: _holes, ...described } = testManifest();
  return { ...described, index: { parts: [["e".repeat(64), 300, 120]] }, ...overrides };
}
