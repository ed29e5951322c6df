import { describe, expect, it } from "vitest";
import { maxCopyLength, planSteps } from "./assembly-steps";
import type { LocalChunks } from "./local-chunks";
import type { Extent } from "./manifest";

const chunk = (name: string, offset: number, length: number): Extent => ({
  kind: "chunk",
  offset,
  length,
  sha256: name,
  compressedLength: length,
});

/** An older raw disk holding the named chunks at these offsets. */
function olderDisk(where: Record<string, number>): LocalChunks {
  return {
    get: async () => undefined,
    locate: (sha256) => (sha256 in where ? { file: "v1.raw", offset: where[sha256] as number } : undefined),
  };
}

describe("planSteps", () => {
  it("joins chunks that follow each other in both disks into one copy run, and breaks it where either does not", () => {
    const older = olderDisk({ a: 0, b: 4096, c: 8192, d: 100_000 });
    const steps = planSteps(
      [
        chunk("a", 0, 4096),
        chunk("b", 4096, 4096),
        { kind: "hole", offset: 8192, length: 4096 },
        chunk("c", 12_288, 4096),
        chunk("d", 16_384, 4096),
        chunk("new", 20_480, 4096),
      ],
      [older],
      true,
    );
    expect(steps.map((s) => (s.kind === "copy" ? `copy ${s.from}+${s.length}` : s.kind))).toEqual([
      "copy 0+8192",
      "hole",
      "copy 8192+4096",
      "copy 100000+4096",
      "chunk",
    ]);
  });

  it("keeps runs within one shared block, and reads a chunk longer than a block on its own", () => {
    const size = maxCopyLength / 2;
    const older = olderDisk({ a: 0, b: size, c: 2 * size, big: 3 * size });
    const steps = planSteps(
      [
        chunk("a", 0, size),
        chunk("b", size, size),
        chunk("c", 2 * size, size),
        chunk("big", 3 * size, maxCopyLength + 4096),
      ],
      [older],
      true,
    );
    expect(steps.map((s) => (s.kind === "copy" ? `copy ${s.length}` : s.kind))).toEqual([
      `copy ${maxCopyLength}`,
      `copy ${size}`,
      "chunk",
    ]);
  });

  it("copies nothing untrusted: without locations every chunk is its own step", () => {
    const older = olderDisk({ a: 0, b: 4096 });
    const steps = planSteps([chunk("a", 0, 4096), chunk("b", 4096, 4096)], [older], false);
    expect(steps.map((s) => s.kind)).toEqual(["chunk", "chunk"]);
  });
});
