import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { demoMasters } from "@tremplin/db/seed-demo";
import { trustedKeysFrom } from "@tremplin/image-format/sign";
import { ChunkStore } from "@tremplin/image-format/store";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoMasterKey, publishDemoMasters } from "./system/demo-masters";

let dataDir: string;
let cleanup: () => Promise<void>;
const now = new Date("2026-12-06T10:00:00Z");

beforeAll(async () => {
  ({ dir: dataDir, cleanup } = await makeTmpDir("demo-masters-"));
});
afterAll(async () => cleanup?.());

describe("the demo's masters in the portal's store", () => {
  it("publishes the catalogue's stand-ins signed with the demo key, then the demo post's master once built, once", async () => {
    const first = await publishDemoMasters({ dataDir, builtDisk: path.join(dataDir, "absent.qcow2"), now });
    expect(first).toEqual(["windows-10 2026.10", "windows-11 2026.11", "debian 12.8"]);

    const built = path.join(dataDir, "demo.raw");
    const disk = Buffer.alloc(4 << 20);
    disk.write("tiny demo master", 4096);
    disk[510] = 0x55;
    disk[511] = 0xaa;
    await writeFile(built, disk);
    expect(await publishDemoMasters({ dataDir, builtDisk: built, now })).toEqual(["demo-linux 1"]);
    expect(await publishDemoMasters({ dataDir, builtDisk: built, now })).toEqual([]);

    const store = new ChunkStore(path.join(dataDir, "masters"));
    const { publicKeyFile } = await demoMasterKey(dataDir);
    const trusted = trustedKeysFrom([{ pem: await readFile(publicKeyFile, "utf8"), source: publicKeyFile }]);
    const listed = await store.listVersions();
    expect(listed).toHaveLength(demoMasters.length);
    for (const { name, version } of listed) {
      const manifest = await store.readManifest(name, version, trusted);
      expect(manifest.os).toBe(demoMasters.find((m) => m.name === name)?.os);
    }
  });
});
