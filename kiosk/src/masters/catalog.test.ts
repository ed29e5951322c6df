import { appendFile, mkdir, readFile, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterEach, describe, expect, it } from "vitest";
import { findMaster, getVerifiedMaster, installMaster, listMasters } from "./catalog";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup() {
  const t = await makeTmpDir("masters-");
  cleanups.push(t.cleanup);
  const source = path.join(t.dir, "source.qcow2");
  await writeFile(source, Buffer.alloc(3 * 1024 * 1024, 7));
  const info = path.join(t.dir, "source.json");
  await writeFile(
    info,
    JSON.stringify({ name: "x", hints: { memoryMiB: 256, diskBus: "virtio", extra: 1 } }),
  );
  return { mastersDir: path.join(t.dir, "masters"), source, info };
}

describe("masters catalog", () => {
  it("installs a master with its hash and the builder's hints, verified", async () => {
    const { mastersDir, source, info } = await setup();
    const m = await installMaster(mastersDir, {
      name: "bureautique",
      version: "3",
      file: source,
      infoFile: info,
    });
    expect(m.isVerified).toBe(true);
    expect(m.hints).toMatchObject({ memoryMiB: 256, diskBus: "virtio", extra: 1 });
    expect(await listMasters(mastersDir)).toEqual([
      expect.objectContaining({ name: "bureautique", version: "3" }),
    ]);
  });

  it("says absent, then refuses a disk whose content no longer matches its hash", async () => {
    const { mastersDir, source } = await setup();
    await expect(getVerifiedMaster(mastersDir, { name: "absent", version: "1" })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("« absent » version 1 n'est pas présent"),
    });
    const m = await installMaster(mastersDir, { name: "compta", version: "1", file: source });
    await appendFile(m.disk, "tampered");
    // A changed size or mtime voids the stamp, so the next login hashes again.
    await utimes(m.disk, new Date(), new Date(Date.now() + 5000));
    expect((await findMaster(mastersDir, { name: "compta", version: "1" }))?.isVerified).toBe(false);
    await expect(getVerifiedMaster(mastersDir, { name: "compta", version: "1" })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("altéré"),
    });
  });

  it("refuses names that would climb out of the masters folder", async () => {
    const { mastersDir } = await setup();
    await expect(findMaster(mastersDir, { name: "..", version: "x" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(findMaster(mastersDir, { name: "a", version: "../../etc" })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("skips a half-installed master (disk without master.json)", async () => {
    const { mastersDir } = await setup();
    await mkdir(path.join(mastersDir, "partial", "1"), { recursive: true });
    await writeFile(path.join(mastersDir, "partial", "1", "disk.qcow2"), "x");
    expect(await listMasters(mastersDir)).toEqual([]);
    expect(await readFile(path.join(mastersDir, "partial", "1", "disk.qcow2"), "utf8")).toBe("x");
  });
});
