import { describe, expect, it } from "vitest";
import { decodeEntryBundle, encodeEntryBundle, encodeTileIndex, parseTilePath, tilePath } from "./tile-path";

describe("tlog-tiles paths", () => {
  it("encode indices in 3-digit groups as the spec's examples", () => {
    expect(encodeTileIndex(1234067)).toBe("x001/x234/067");
    expect(encodeTileIndex(0)).toBe("000");
    expect(encodeTileIndex(999)).toBe("999");
    expect(encodeTileIndex(1000)).toBe("x001/000");
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe("tile/0/x001/x234/067");
    expect(tilePath({ level: "entries", index: 5, width: 17 })).toBe("tile/entries/005.p/17");
  });

  it("parse what they encode and refuse the rest", () => {
    for (const ref of [
      { level: 0, index: 1234067, width: 256 },
      { level: 2, index: 0, width: 1 },
      { level: "entries" as const, index: 273, width: 112 },
    ])
      expect(parseTilePath(tilePath(ref).split("/").slice(1))).toEqual(ref);
    for (const bad of [
      "0/1",
      "0/x000/001",
      "00/000",
      "64/000",
      "0/000.p/0",
      "0/000.p/256",
      "0/000.p/017",
      "x/000",
      "0",
    ])
      expect(parseTilePath(bad.split("/")), bad).toBeUndefined();
  });

  it("bundle entries with big-endian 16-bit lengths", () => {
    const entries = [Uint8Array.of(1, 2, 3), new Uint8Array(0), new Uint8Array(300).fill(7)];
    const bundle = encodeEntryBundle(entries);
    expect([...bundle.subarray(0, 5)]).toEqual([0, 3, 1, 2, 3]);
    expect([...bundle.subarray(7, 9)]).toEqual([0x01, 0x2c]);
    expect(decodeEntryBundle(bundle)).toEqual(entries);
    expect(() => decodeEntryBundle(bundle.subarray(0, 4))).toThrow(/tronqué/);
  });
});
