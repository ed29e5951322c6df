import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneRootfsCache } from "./rootfs";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTmpDir("rootfs-cache-")));
afterAll(async () => cleanup());

describe("pruneRootfsCache", () => {
  it("keeps the two root file systems used last, removes older ones, never a build in progress", async () => {
    const day = 86_400_000;
    const entries = ["rootfs-aaaa", "rootfs-bbbb", "rootfs-cccc", "rootfs-dddd"];
    for (const [i, name] of entries.entries()) {
      await mkdir(path.join(dir, name, "etc"), { recursive: true });
      await writeFile(path.join(dir, name, "etc", "os-release"), "ID=debian\n");
      const used = new Date(Date.UTC(2026, 11, 1) + i * day);
      await utimes(path.join(dir, name), used, used);
    }
    await mkdir(path.join(dir, "rootfs-eeee.partial"));
    const lines: string[] = [];
    const removed = await pruneRootfsCache(dir, (line) => lines.push(line));
    expect(removed.sort()).toEqual(["rootfs-aaaa", "rootfs-bbbb"]);
    expect((await readdir(dir)).sort()).toEqual(["rootfs-cccc", "rootfs-dddd", "rootfs-eeee.partial"]);
    expect(lines).toHaveLength(2);
  });
});
