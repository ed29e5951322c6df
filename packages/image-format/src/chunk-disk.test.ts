import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunkRawDisk } from "./chunk-disk";
import { sha256Of } from "./digest";
import { chunkLengths } from "./fastcdc";
import { seededBytes } from "./test-data";

const MiB = 1 << 20;
let dir: string;
// 19 MiB of data then 1 MiB of zeros then 5 MiB of data: runs longer than a hashing batch
// (8 MiB + 64 KiB), so chunks are cut across batches and a batch's tail moves to the next.
const first = seededBytes("chunk-disk-a", 19 * MiB);
const second = seededBytes("chunk-disk-b", 5 * MiB);
const disk = Buffer.concat([first, Buffer.alloc(MiB), second]);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tremplin-chunk-disk-"));
  await writeFile(path.join(dir, "disk.raw"), disk);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("chunkRawDisk", () => {
  it("cuts and hashes across batches exactly as a whole buffer would be, and hashes the whole disk", async () => {
    const seen: string[] = [];
    const result = await chunkRawDisk({
      file: path.join(dir, "disk.raw"),
      sink: async ({ sha256, data }) => {
        expect(sha256Of(data)).toBe(sha256);
        seen.push(sha256);
        return data.length;
      },
    });
    expect(result.sha256).toBe(sha256Of(disk));
    expect(result.holes).toEqual([[first.length, MiB]]);
    const expected: [number, number, string][] = [];
    for (const [run, at] of [
      [first, 0],
      [second, first.length + MiB],
    ] as const) {
      let offset = at;
      for (const length of chunkLengths(run)) {
        expected.push([offset, length, sha256Of(disk.subarray(offset, offset + length))]);
        offset += length;
      }
    }
    expect(result.chunks.map(([offset, length, sha256]) => [offset, length, sha256])).toEqual(expected);
    expect(result.chunks.every(([, length, , stored]) => stored === length)).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("passes a failing sink's error on", async () => {
    const failing = chunkRawDisk({
      file: path.join(dir, "disk.raw"),
      sink: async () => {
        throw new Error("disque plein");
      },
    });
    await expect(failing).rejects.toThrow("disque plein");
  });
});
