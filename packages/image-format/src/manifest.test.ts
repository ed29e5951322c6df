import { describe, expect, it } from "vitest";
import { canonicalJson, extentsOf, manifestSchema } from "./manifest";
import { testManifest } from "./test-manifest";

describe("manifest", () => {
  it("accepts an index that tiles the disk and lists it in disk order", () => {
    const manifest = manifestSchema.parse(testManifest());
    expect(extentsOf(manifest).map((e) => [e.kind, e.offset])).toEqual([
      ["chunk", 0],
      ["hole", 65_536],
      ["chunk", 131_072],
    ]);
  });

  it("refuses an index with a gap, an overlap or the wrong total, naming it", () => {
    const gap = manifestSchema.safeParse(testManifest({ holes: [] }));
    expect(gap.error?.issues[0]?.message).toMatch(/trou non déclaré de 65536 à 131072/);
    const overlap = manifestSchema.safeParse(testManifest({ holes: [[60_000, 71_072]] }));
    expect(overlap.error?.issues[0]?.message).toMatch(/chevauche/);
    const short = manifestSchema.safeParse(testManifest({ virtualSize: 4 * 65_536 }));
    expect(short.error?.issues[0]?.message).toMatch(/couvre 196608 octets, le disque en a 262144/);
  });

  it("refuses a name that could climb out of a folder", () => {
    expect(manifestSchema.safeParse(testManifest({ name: "../etc" })).success).toBe(false);
  });

  it("serialises canonically: sorted keys at every level, no whitespace, key order irrelevant", () => {
    expect(canonicalJson({ b: 1, a: [{ d: "x", c: true }], e: undefined })).toBe(
      '{"a":[{"c":true,"d":"x"}],"b":1}',
    );
    const m = testManifest();
    const reversed = Object.fromEntries(Object.entries(m).reverse());
    expect(canonicalJson(reversed)).toBe(canonicalJson(m));
  });
});
