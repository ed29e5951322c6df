import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { kioskOsMasterName, type MasterRef } from "@tremplin/domain/device";
import { AppError } from "@tremplin/domain/errors";
import { bootEntry, loaderVendorGuid, type Slot } from "@tremplin/image-format/kiosk-os-disk";
import { type TrustedKeys, verifySignedManifest } from "@tremplin/image-format/sign";
import type { Logger } from "pino";
import { masterDir } from "../masters/catalog";
import { indexFileName, signedManifestFileName } from "../masters/installed-versions";

const run = promisify(execFile);
const block = 4 * 1024 * 1024;

export type InstallOptions = {
  request: MasterRef;
  mastersDir: string;
  /** Root-owned keys: the installer believes no file the agent's user could have written. */
  trusted: TrustedKeys;
  slot: Slot;
  /** The slot's partition (a file in tests). */
  device: string;
  /** The mounted ESP. */
  espDir: string;
  /** efivarfs, where the one-shot boot entry is set; undefined: leave it (tests). */
  efivarsDir: string | undefined;
  stateDir: string;
  log: Logger;
};

/**
 * Writes a synced kiosk-OS version to the inactive slot and arms one trial boot of it. The
 * signature is checked again here, as root, and the bytes are hashed as they are written, so
 * what the slot holds is exactly what was signed, whatever happened to the file meanwhile.
 * The running slot and the default boot entry are never touched: if anything fails before the
 * trial, or the trial boot does not become healthy (os-health), the post boots as before.
 */
export async function installSlot(o: InstallOptions): Promise<{ slot: Slot; version: string }> {
  const dir = masterDir(o.mastersDir, o.request);
  const envelope = JSON.parse(await readFile(path.join(dir, signedManifestFileName), "utf8")) as unknown;
  const header = verifySignedManifest(envelope, o.trusted);
  if (
    header.name !== kioskOsMasterName ||
    header.name !== o.request.name ||
    header.version !== o.request.version
  )
    throw new AppError("invalid_input", `Le manifeste signé est celui de ${header.name} ${header.version}.`);
  const disk = path.join(dir, "disk.raw");
  const size = (await stat(disk)).size;
  if (size !== header.virtualSize)
    throw new AppError(
      "invalid_input",
      `Image de ${size} octets, le manifeste en annonce ${header.virtualSize}.`,
    );
  const room = await deviceSize(o.device);
  if (size > room)
    throw new AppError(
      "invalid_input",
      `Image de ${size} octets pour un emplacement de ${room} : trop grande.`,
    );
  o.log.info({ ...o.request, slot: o.slot, device: o.device }, "writing the inactive slot");
  const sha256 = await copyHashing(disk, o.device, size);
  if (sha256 !== header.sha256)
    throw new AppError(
      "invalid_input",
      `Image altérée : empreinte ${sha256}, signée ${header.sha256}. Rien n'est activé.`,
    );
  await installKernel(o.device, path.join(o.espDir, "tremplin", o.slot));
  await mkdir(o.stateDir, { recursive: true });
  // The slot's chunk index: the next update reads unchanged chunks from this partition.
  await copyFile(path.join(dir, indexFileName), path.join(o.stateDir, `slot-${o.slot}.index.json`));
  const entry = `tremplin-${o.slot}.conf`;
  await writeAtomically(path.join(o.espDir, "loader", "entries", entry), bootEntry(o.slot, header.version));
  await writeFile(path.join(o.stateDir, "trial"), `${o.slot} ${header.version}\n`);
  if (o.efivarsDir) await setOneShotEntry(o.efivarsDir, entry);
  o.log.info({ slot: o.slot, version: header.version }, "trial boot armed");
  return { slot: o.slot, version: header.version };
}

async function copyHashing(source: string, target: string, size: number): Promise<string> {
  const hash = createHash("sha256");
  const from = await open(source, "r");
  const to = await open(target, "r+");
  try {
    const buffer = Buffer.alloc(block);
    for (let pos = 0; pos < size; ) {
      const { bytesRead } = await from.read(buffer, 0, Math.min(block, size - pos), pos);
      if (bytesRead === 0) throw new AppError("invalid_input", "Image tronquée pendant la copie.");
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      await to.write(chunk, 0, bytesRead, pos);
      pos += bytesRead;
    }
    await to.sync();
  } finally {
    await from.close();
    await to.close();
  }
  return hash.digest("hex");
}

/** The new slot's kernel and initrd, read from its ext4 by debugfs (no mount) into its ESP folder. */
async function installKernel(device: string, espFolder: string): Promise<void> {
  const { stdout } = await run("debugfs", ["-R", "ls -p /boot", device]);
  const names = stdout.split("\n").map((line) => line.split("/")[5] ?? "");
  const pick = (prefix: string) => {
    const found = names.filter((n) => n.startsWith(prefix)).sort();
    if (found.length === 0)
      throw new AppError("invalid_input", `Pas de ${prefix}* dans /boot de la nouvelle version.`);
    return found[found.length - 1] as string;
  };
  const scratch = await mkdtemp(path.join(tmpdir(), "tremplin-kernel-"));
  try {
    await mkdir(espFolder, { recursive: true });
    for (const [name, target] of [
      [pick("vmlinuz-"), "vmlinuz"],
      [pick("initrd.img-"), "initrd.img"],
    ] as const) {
      const out = path.join(scratch, target);
      await run("debugfs", ["-R", `dump /boot/${name} ${out}`, device]);
      if ((await stat(out)).size === 0)
        throw new AppError("invalid_input", `/boot/${name} vide dans la nouvelle version.`);
      await writeAtomically(path.join(espFolder, target), await readFile(out));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** `LoaderEntryOneShot`: systemd-boot boots this entry once, then the default again. */
export async function setOneShotEntry(efivarsDir: string, entry: string): Promise<void> {
  const file = path.join(efivarsDir, `LoaderEntryOneShot-${loaderVendorGuid}`);
  // efivarfs makes existing variables immutable; chattr fails harmlessly elsewhere.
  await run("chattr", ["-i", file]).catch(() => undefined);
  // Attributes (non-volatile, boot service, runtime), then the UTF-16 string with its NUL.
  await writeFile(file, Buffer.concat([Buffer.from([7, 0, 0, 0]), Buffer.from(`${entry}\0`, "utf16le")]));
}

async function writeAtomically(file: string, content: string | Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.new`, content);
  await rename(`${file}.new`, file);
}

async function deviceSize(device: string): Promise<number> {
  const s = await stat(device);
  if (!s.isBlockDevice()) return s.size;
  const { stdout } = await run("blockdev", ["--getsize64", device]);
  return Number(stdout.trim());
}
