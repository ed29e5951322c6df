import { createHash } from "node:crypto";
import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../log";
import { findMaster, listMasters } from "./catalog";
import { pruneMasters } from "./prune-masters";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A version as the night sync leaves it: raw disk, master.json, stamp, index.json. */
async function synced(mastersDir: string, name: string, version: string, created: string) {
  const dir = path.join(mastersDir, name, version);
  await mkdir(dir, { recursive: true });
  const disk = Buffer.alloc(4096, version);
  const sha256 = createHash("sha256").update(disk).digest("hex");
  await writeFile(path.join(dir, "disk.raw"), disk);
  await writeFile(
    path.join(dir, "master.json"),
    JSON.stringify({ name, version, sha256, format: "raw", hints: {} }),
  );
  const s = await stat(path.join(dir, "disk.raw"));
  await writeFile(
    path.join(dir, "verified.json"),
    JSON.stringify({ sha256, size: s.size, mtimeMs: s.mtimeMs }),
  );
  const manifest = {
    format: "tremplin-master/1",
    name,
    version,
    os: "linux",
    created,
    virtualSize: 4096,
    sha256,
    hints: {},
    chunker: { algorithm: "fastcdc-gear32-nc1", minSize: 1024, avgSize: 2048, maxSize: 4096 },
    compression: "zstd",
    chunks: [[0, 4096, sha256, 20]],
    holes: [],
  };
  await writeFile(path.join(dir, "index.json"), JSON.stringify(manifest));
}

describe("pruning synced masters", () => {
  it("removes superseded synced versions nothing keeps, never the newest, a kept one or a hand-copied one", async () => {
    const tmp = await makeTmpDir("prune-");
    cleanups.push(tmp.cleanup);
    const dir = tmp.dir;
    await synced(dir, "win", "1", "2026-11-01T10:00:00Z");
    await synced(dir, "win", "2", "2026-12-01T10:00:00Z");
    await synced(dir, "win", "3", "2026-12-05T10:00:00Z");
    await synced(dir, "linux", "7", "2026-12-01T10:00:00Z");
    await mkdir(path.join(dir, "win", "0"), { recursive: true });
    await writeFile(path.join(dir, "win", "0", "disk.qcow2"), "qcow2");
    await writeFile(
      path.join(dir, "win", "0", "master.json"),
      JSON.stringify({ name: "win", version: "0", sha256: "a".repeat(64) }),
    );
    const removed = await pruneMasters({
      mastersDir: dir,
      keep: [{ name: "win", version: "1" }],
      log: silentLogger,
    });
    expect(removed).toEqual([{ name: "win", version: "2" }]);
    const left = (await listMasters(dir)).map((m) => `${m.name}@${m.version}`).sort();
    expect(left).toEqual(["linux@7", "win@0", "win@1", "win@3"]);
    expect(await findMaster(dir, { name: "win", version: "2" })).toBeUndefined();
  });
});
