import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getTinyMaster } from "@tremplin/testkit/tiny-image";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../bin/tremplin-image.mjs", import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTmpDir("image-store-cli-"));
});
afterAll(async () => cleanup());

const cli = (args: string[]) =>
  execa(process.execPath, [bin, ...args], { cwd: dir, reject: false, timeout: 300_000 });

/** What the JSON output of a command says (its exit code checked first). */
async function json(args: string[]) {
  const result = await cli([...args, "--json"]);
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

/** v2 of a master: v1's guest disk with three 96 KiB runs rewritten, as a qcow2 again. */
async function editedCopy(v1: string, v2: string) {
  const raw = path.join(dir, "edit.raw");
  await execa("qemu-img", ["convert", "-f", "qcow2", "-O", "raw", v1, raw]);
  const disk = await readFile(raw);
  for (const at of [0.3, 0.5, 0.7]) {
    const offset = Math.floor((disk.length * at) / 4096) * 4096;
    disk.fill(0x5a, offset, offset + 96 * 1024);
  }
  await writeFile(raw, disk);
  await execa("qemu-img", ["convert", "-f", "raw", "-O", "qcow2", raw, v2]);
}

describe("tremplin-image publish, ls, verify, gc on the tiny master", () => {
  it("publishes v1 and an edited v2 sharing most chunks, verifies both, refuses tampering by name", async () => {
    const tiny = await getTinyMaster({ mode: "test" });
    const key = await json(["keygen", "--out", "it"]);
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    await json(["keygen", "--out", "rogue"]);

    const v1 = await json([
      "publish",
      tiny.path,
      "--name",
      "tiny",
      "--version",
      "1",
      "--store",
      "store",
      "--key",
      "it.key",
      "--info",
      tiny.infoPath,
    ]);
    expect(v1.newChunks).toBe(v1.chunks);
    const v2Disk = path.join(dir, "tiny-2.qcow2");
    await editedCopy(tiny.path, v2Disk);
    const v2 = await json([
      "publish",
      v2Disk,
      "--name",
      "tiny",
      "--version",
      "2",
      "--store",
      "store",
      "--key",
      "it.key",
      "--os",
      "linux",
    ]);
    // Three 96 KiB runs: about 6 chunks of 16 KiB each, plus the neighbours they split.
    expect(v2.newChunks).toBeGreaterThan(0);
    expect(v2.newChunks).toBeLessThan(40);
    expect(v2.reusedChunks).toBeGreaterThan(v2.chunks * 0.8);

    const listed = await json(["ls", "--store", "store"]);
    expect(listed.map((v: { version: string }) => v.version)).toEqual(["1", "2"]);
    const verified = await json(["verify", "--store", "store", "--trust", "it.pub"]);
    expect(verified.every((v: { ok: boolean }) => v.ok)).toBe(true);

    const unknown = await cli([
      "verify",
      "--store",
      "store",
      "--trust",
      "rogue.pub",
      "--version",
      "2",
      "--name",
      "tiny",
    ]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain(`clé inconnue (${key.keyId})`);

    // A manifest edited after signing (a bigger VM than IT decided): refused, naming the key.
    const manifestFile = path.join(dir, "store/masters/tiny/2.json");
    const signed = await readFile(manifestFile, "utf8");
    const envelope = JSON.parse(signed);
    envelope.signed.hints.memoryMiB = 65_536;
    await writeFile(manifestFile, JSON.stringify(envelope));
    const tampered = await cli([
      "verify",
      "--store",
      "store",
      "--trust",
      "it.pub",
      "--name",
      "tiny",
      "--version",
      "2",
    ]);
    expect(tampered.exitCode).toBe(1);
    expect(tampered.stderr).toContain(`Signature invalide du manifeste pour la clé ${key.keyId}`);
    expect(tampered.stderr).not.toContain("please report");
    await writeFile(manifestFile, signed);

    // One byte of one chunk file changed on the store's disk: that chunk is named.
    const manifestV1 = JSON.parse(await readFile(path.join(dir, "store/masters/tiny/1.json"), "utf8"));
    const part = manifestV1.signed.index.parts[0][0] as string;
    const firstChunk = (
      await execa("zstdcat", [path.join(dir, "store/chunks", part.slice(0, 2), `${part}.zst`)])
    ).stdout
      .split("\n")
      .find((line) => line.startsWith("c "))
      ?.split(" ")[2] as string;
    const chunkFile = path.join(dir, "store/chunks", firstChunk.slice(0, 2), `${firstChunk}.zst`);
    const bytes = await readFile(chunkFile);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] as number) ^ 0xff;
    await writeFile(chunkFile, bytes);
    const corrupt = await cli(["verify", "--store", "store", "--trust", "it.pub"]);
    expect(corrupt.exitCode).toBe(1);
    expect(corrupt.stderr).toContain(`tiny 1 : REFUSÉ`);
    expect(corrupt.stderr).toContain(`bloc ${firstChunk}`);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] as number) ^ 0xff;
    await writeFile(chunkFile, bytes);

    const gc = await json(["gc", "--store", "store", "--keep", "1"]);
    expect(gc.removedVersions).toEqual([{ name: "tiny", version: "1" }]);
    expect(gc.removedChunks).toBeGreaterThan(0);
    const after = await json(["verify", "--store", "store", "--trust", "it.pub"]);
    expect(after.map((v: { version: string; ok: boolean }) => [v.version, v.ok])).toEqual([["2", true]]);
  });

  it("imports a vmdk of the same guest disk: the same disk hash and no new chunk", async () => {
    const tiny = await getTinyMaster({ mode: "test" });
    await json(["keygen", "--out", "vmdk-key"]);
    const direct = await json([
      "publish",
      tiny.path,
      "--name",
      "tiny",
      "--version",
      "q",
      "--store",
      "same",
      "--key",
      "vmdk-key.key",
      "--info",
      tiny.infoPath,
    ]);
    await execa("qemu-img", ["convert", "-f", "qcow2", "-O", "vmdk", tiny.path, path.join(dir, "tiny.vmdk")]);
    const imported = await json([
      "import",
      "tiny.vmdk",
      "--name",
      "tiny",
      "--version",
      "v",
      "--os",
      "linux",
      "--disk-bus",
      "virtio",
    ]);
    expect(imported).toMatchObject({ sourceFormat: "vmdk", os: "linux", hints: { diskBus: "virtio" } });
    const again = await json([
      "publish",
      imported.out,
      "--name",
      "tiny",
      "--version",
      "v",
      "--store",
      "same",
      "--key",
      "vmdk-key.key",
    ]);
    expect(again.sha256).toBe(direct.sha256);
    expect(again.newChunks).toBe(0);
  });

  it("refuses to import a file that is no disk image, with exit code 1", async () => {
    await writeFile(path.join(dir, "notes.txt"), "pas un disque\n");
    const result = await cli(["import", "notes.txt", "--name", "x", "--version", "1", "--os", "linux"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("n'est pas une image disque");
  });
});
