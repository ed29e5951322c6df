import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DiskHasher } from "./disk-hasher";
import { giveBlock, takeBlock } from "./shared-blocks";
import { seededBytes } from "./test-data";

describe("DiskHasher", () => {
  it("hashes copied bytes, shared blocks and zeros in the order given, across block boundaries", async () => {
    // What an assembly does: fetched chunks (copied in), copy runs (hashed in place), holes,
    // interleaved so that a staging block is sent in several slices and fills on after each.
    const expected = createHash("sha256");
    const hasher = new DiskHasher(2 << 20);
    const held: Buffer[] = [];
    for (let i = 0; i < 40; i++) {
      const fetched = seededBytes(`chunk-${i}`, 4096 + i * 7919);
      await hasher.update(fetched);
      expected.update(fetched);
      if (i % 3 === 0) {
        const run = takeBlock().subarray(0, 300_000 + i);
        seededBytes(`run-${i}`, run.length).copy(run);
        held.push(run);
        await hasher.updateShared(run, () => undefined);
        expected.update(run);
      }
      if (i % 5 === 0) {
        await hasher.updateZeros(65_536 + i);
        expected.update(Buffer.alloc(65_536 + i));
      }
    }
    expect(await hasher.finish()).toBe(expected.digest("hex"));
    for (const run of held) giveBlock(Buffer.from(run.buffer));
  });

  it("hands a shared run back once the worker has hashed it, not before", async () => {
    const hasher = new DiskHasher();
    const run = takeBlock();
    let hashed = false;
    await hasher.updateShared(run, () => {
      hashed = true;
    });
    expect(hashed).toBe(false);
    await hasher.finish();
    expect(hashed).toBe(true);
    giveBlock(run);
  });
});
