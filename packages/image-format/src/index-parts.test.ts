import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodeIndex, loadManifest } from "./index-parts";
import type { ChunkEntry, IndexPart, Manifest } from "./manifest";
import { testHeader } from "./test-manifest";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/** A 2,000-chunk index of 16 KiB chunks with a 1 MiB hole in the middle. */
function bigIndex(seed: string): Pick<Manifest, "chunks" | "holes" | "virtualSize"> {
  const chunks: ChunkEntry[] = [];
  let offset = 0;
  for (let i = 0; i < 2000; i++) {
    chunks.push([offset, 16_384, sha(`${seed === "edited" && i === 1200 ? "new" : "old"}-${i}`), 9000]);
    offset += 16_384;
    if (i === 999) offset += 1 << 20;
  }
  return { chunks, holes: [[1000 * 16_384, 1 << 20]], virtualSize: offset };
}

function partsOf(index: Pick<Manifest, "chunks" | "holes">) {
  const texts = new Map<string, Buffer>();
  const parts: IndexPart[] = encodeIndex(index).map((text) => {
    texts.set(sha(text.toString()), text);
    return [sha(text.toString()), text.length, 1];
  });
  return { parts, read: async ([h]: IndexPart) => texts.get(h) ?? Buffer.alloc(0) };
}

describe("index parts", () => {
  it("round-trips: offsets rebuilt from lengths, holes kept", async () => {
    const index = bigIndex("v1");
    const { parts, read } = partsOf(index);
    expect(parts.length).toBeGreaterThan(10);
    const manifest = await loadManifest(
      testHeader({ virtualSize: index.virtualSize, index: { parts } }),
      read,
    );
    expect(manifest.chunks).toEqual(index.chunks);
    expect(manifest.holes).toEqual(index.holes);
  });

  it("shares every part but the one around an edited chunk", () => {
    const before = new Set(partsOf(bigIndex("v1")).parts.map((p) => p[0]));
    const after = partsOf(bigIndex("edited")).parts;
    expect(after.filter((p) => !before.has(p[0])).length).toBe(1);
  });

  it("refuses a malformed line, naming the part and line", async () => {
    const parts: IndexPart[] = [["f".repeat(64), 10, 1]];
    const bad = loadManifest(testHeader({ index: { parts } }), async () => Buffer.from("c 16384 abc 12\n"));
    await expect(bad).rejects.toThrow(/partie 1, ligne 1/);
  });
});
