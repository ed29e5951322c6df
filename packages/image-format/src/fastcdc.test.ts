import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { chunkerParamsSchema, chunkLengths } from "./fastcdc";
import { seededBytes } from "./test-data";

const small = { minSize: 2048, avgSize: 8192, maxSize: 32_768 };
const data = seededBytes("fastcdc", 8 << 20);

function chunkHashes(bytes: Buffer, params = small): string[] {
  let start = 0;
  return chunkLengths(bytes, params).map((length) => {
    const hash = createHash("sha256")
      .update(bytes.subarray(start, start + length))
      .digest("hex");
    start += length;
    return hash;
  });
}

describe("FastCDC", () => {
  it("cuts the same bytes at the same places, and the boundaries are part of the format", () => {
    const lengths = chunkLengths(data, small);
    expect(chunkLengths(Buffer.from(data), small)).toEqual(lengths);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(data.length);
    // Pinned: a change of gear table, masks or skipping moves every boundary of every store.
    expect(lengths.slice(0, 6)).toEqual([9_675, 15_555, 20_107, 12_505, 8_911, 3_248]);
  });

  it("respects the minimum and maximum sizes (only the last chunk may be shorter)", () => {
    const lengths = chunkLengths(data, small);
    for (const length of lengths.slice(0, -1)) {
      expect(length).toBeGreaterThanOrEqual(small.minSize);
      expect(length).toBeLessThanOrEqual(small.maxSize);
    }
    // Zeros never match a mask: they are cut at the maximum size.
    expect(chunkLengths(Buffer.alloc(100_000), small)).toEqual([32_768, 32_768, 32_768, 1_696]);
  });

  it("averages near the target size on random data, normalised towards it", () => {
    const lengths = chunkLengths(data, small);
    const mean = data.length / lengths.length;
    expect(mean).toBeGreaterThan(small.avgSize * 0.9);
    expect(mean).toBeLessThan(small.avgSize * 1.4);
    // Normalised chunking: most chunks within [avg/2, 2·avg].
    const near = lengths.filter((l) => l >= small.avgSize / 2 && l <= small.avgSize * 2).length;
    expect(near / lengths.length).toBeGreaterThan(0.75);
  });

  it("resynchronises after an insertion: only the chunks around it change", () => {
    const middle = data.length / 2;
    const inserted = Buffer.concat([
      data.subarray(0, middle),
      seededBytes("insert", 5000),
      data.subarray(middle),
    ]);
    const before = new Set(chunkHashes(data));
    const after = chunkHashes(inserted);
    const changed = after.filter((h) => !before.has(h)).length;
    expect(after.length).toBeGreaterThan(700);
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(changed).toBeLessThanOrEqual(3);
  });

  it("refuses parameters out of order", () => {
    expect(chunkerParamsSchema.safeParse({ minSize: 8192, avgSize: 4096, maxSize: 65_536 }).success).toBe(
      false,
    );
    expect(chunkerParamsSchema.safeParse({ minSize: 1024, avgSize: 5000, maxSize: 65_536 }).success).toBe(
      false,
    );
  });
});
