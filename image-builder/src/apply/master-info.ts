import { rename, writeFile } from "node:fs/promises";
import { sha256File } from "./apt-download";

/**
 * Hardware hints the kiosk sizes the VM from. Same field names as the kiosk's `master.json`
 * (`memoryMiB`, `vcpus`), plus the devices this master's kernel has drivers for.
 */
export type MasterHints = {
  memoryMiB: number;
  minMemoryMiB: number;
  vcpus: number;
  diskBus: "virtio" | "ide" | "sata";
  nic: "none" | "e1000" | "virtio";
  machine: "pc" | "q35";
  /** Whether the guest prints on ttyS0 (diagnostics, tests). */
  hasSerialConsole: boolean;
};

export type MasterInfo = {
  name: string;
  version: string;
  sha256: string;
  format: "qcow2";
  hints: MasterHints;
  build: Record<string, unknown>;
};

/** Hashes the disk and writes `master.json`-shaped metadata beside it (temp file, then rename). */
export async function writeMasterInfo(options: {
  disk: string;
  file: string;
  info: Omit<MasterInfo, "sha256" | "format">;
}): Promise<MasterInfo> {
  const info: MasterInfo = { ...options.info, sha256: await sha256File(options.disk), format: "qcow2" };
  const partial = `${options.file}.partial`;
  await writeFile(partial, `${JSON.stringify(info, null, 2)}\n`);
  await rename(partial, options.file);
  return info;
}
