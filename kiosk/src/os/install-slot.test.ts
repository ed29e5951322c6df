import { execFileSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { kioskOsMasterName } from "@tremplin/domain/device";
import { bootEntry } from "@tremplin/image-format/kiosk-os-disk";
import { publishDisk } from "@tremplin/image-format/publish-disk";
import { generateSigningKey, trustedKeysFrom } from "@tremplin/image-format/sign";
import { ChunkStore } from "@tremplin/image-format/store";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexFileName, signedManifestFileName } from "../masters/installed-versions";
import { installSlot } from "./install-slot";

const log = pino({ level: "silent" });
const version = "2026.12.06-2";
let dir: string;
let mastersDir: string;
let versionDir: string;
let slotImage: Buffer;
const key = generateSigningKey();
const trusted = trustedKeysFrom([{ pem: key.publicKeyPem, source: "test" }]);

/** A real slot: an ext4 holding /boot/vmlinuz-* and /boot/initrd.img-*, synced as the agent does. */
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "install-slot-"));
  const tree = path.join(dir, "tree");
  await mkdir(path.join(tree, "boot"), { recursive: true });
  await writeFile(path.join(tree, "boot", "vmlinuz-6.1.0-57-amd64"), "kernel bytes");
  await writeFile(path.join(tree, "boot", "initrd.img-6.1.0-57-amd64"), "initrd bytes");
  const image = path.join(dir, "root.img");
  execFileSync("mkfs.ext4", ["-q", "-F", "-d", tree, image, "8M"]);
  slotImage = await readFile(image);
  const store = new ChunkStore(path.join(dir, "store"));
  await publishDisk({
    disk: image,
    name: kioskOsMasterName,
    version,
    os: "linux",
    hints: {},
    store,
    privateKeyPem: key.privateKeyPem,
    now: new Date(),
    workDir: dir,
  });
  mastersDir = path.join(dir, "masters");
  versionDir = path.join(mastersDir, kioskOsMasterName, version);
  await mkdir(versionDir, { recursive: true });
  await copyFile(image, path.join(versionDir, "disk.raw"));
  await writeFile(
    path.join(versionDir, indexFileName),
    JSON.stringify(await store.readManifest(kioskOsMasterName, version, trusted)),
  );
  await writeFile(
    path.join(versionDir, signedManifestFileName),
    JSON.stringify(await store.readManifestEnvelope(kioskOsMasterName, version)),
  );
});

afterAll(() => rm(dir, { recursive: true, force: true }));

async function world(name: string, deviceBytes = 16 * 1024 * 1024) {
  const root = path.join(dir, name);
  await mkdir(path.join(root, "esp"), { recursive: true });
  await mkdir(path.join(root, "efivars"), { recursive: true });
  const device = path.join(root, "slot-b.img");
  await writeFile(device, Buffer.alloc(deviceBytes));
  const options = {
    request: { name: kioskOsMasterName, version },
    mastersDir,
    trusted,
    slot: "b" as const,
    device,
    espDir: path.join(root, "esp"),
    efivarsDir: path.join(root, "efivars"),
    stateDir: path.join(root, "state"),
    log,
  };
  return { root, device, options };
}

describe("installSlot", () => {
  it("writes the signed bytes to the inactive slot, its kernel to the ESP, and arms one trial boot", async () => {
    const w = await world("good");
    await expect(installSlot(w.options)).resolves.toEqual({ slot: "b", version });
    const written = await readFile(w.device);
    expect(written.subarray(0, slotImage.length).equals(slotImage)).toBe(true);
    expect(await readFile(path.join(w.root, "esp/tremplin/b/vmlinuz"), "utf8")).toBe("kernel bytes");
    expect(await readFile(path.join(w.root, "esp/tremplin/b/initrd.img"), "utf8")).toBe("initrd bytes");
    expect(await readFile(path.join(w.root, "esp/loader/entries/tremplin-b.conf"), "utf8")).toBe(
      bootEntry("b", version),
    );
    expect(await readFile(path.join(w.root, "state/trial"), "utf8")).toBe(`b ${version}\n`);
    const index = JSON.parse(await readFile(path.join(w.root, "state/slot-b.index.json"), "utf8"));
    expect(index).toMatchObject({ name: kioskOsMasterName, version });
    const oneShot = await readFile(
      path.join(w.root, "efivars", "LoaderEntryOneShot-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"),
    );
    expect([...oneShot.subarray(0, 4)]).toEqual([7, 0, 0, 0]);
    expect(oneShot.subarray(4).toString("utf16le")).toBe("tremplin-b.conf\0");
  });

  it("refuses bytes that are not the signed ones, arming nothing", async () => {
    const w = await world("tampered");
    const disk = path.join(versionDir, "disk.raw");
    const original = await readFile(disk);
    const altered = Buffer.from(original);
    altered[1024 * 1024 + 7] = (altered[1024 * 1024 + 7] as number) ^ 0xff;
    await writeFile(disk, altered);
    try {
      await expect(installSlot(w.options)).rejects.toThrow(/altérée/);
    } finally {
      await writeFile(disk, original);
    }
    await expect(stat(path.join(w.root, "state/trial"))).rejects.toThrow();
    await expect(stat(path.join(w.root, "esp/loader/entries/tremplin-b.conf"))).rejects.toThrow();
  });

  it("refuses a manifest signed by a key the post does not trust", async () => {
    const w = await world("stranger");
    const other = trustedKeysFrom([{ pem: generateSigningKey().publicKeyPem, source: "other" }]);
    await expect(installSlot({ ...w.options, trusted: other })).rejects.toThrow(/clé inconnue/);
    await expect(stat(path.join(w.root, "state/trial"))).rejects.toThrow();
  });

  it("refuses a version larger than the slot", async () => {
    const w = await world("small", 4 * 1024 * 1024);
    await expect(installSlot(w.options)).rejects.toThrow(/trop grande/);
  });

  it("refuses a version of another master (only the kiosk OS goes to a slot)", async () => {
    const w = await world("other-name");
    await expect(installSlot({ ...w.options, request: { name: "windows-10", version } })).rejects.toThrow();
  });
});
