import { rename, rm } from "node:fs/promises";
import path from "node:path";
import type { MasterInfo, VmHints } from "@tremplin/image-format/master-info";
import { convertDisk, probeDisk } from "@tremplin/image-format/qemu-img";
import { writeMasterInfo } from "./master-info";

/**
 * Makes a master of an existing disk (a Windows 10 master from VMware or Hyper-V, a raw dump):
 * checked to be a disk image, rewritten as a compact qcow2 (the form the kiosk boots), with its
 * `master.json` beside it. The qcow2 appears under its name only once complete.
 */
export async function importDisk(options: {
  disk: string;
  out: string;
  infoFile: string;
  name: string;
  version: string;
  os: NonNullable<MasterInfo["os"]>;
  hints: VmHints;
  onProgress?: (done: number, total: number) => void;
}): Promise<MasterInfo & { sourceFormat: string; virtualSize: number }> {
  const { format, virtualSize } = await probeDisk(options.disk);
  const partial = `${options.out}.partial`;
  try {
    await convertDisk({
      file: options.disk,
      from: format,
      out: partial,
      to: "qcow2",
      onProgress: (percent) => options.onProgress?.((percent / 100) * virtualSize, virtualSize),
    });
    await rename(partial, options.out);
  } finally {
    await rm(partial, { force: true });
  }
  const info = await writeMasterInfo({
    disk: options.out,
    file: options.infoFile,
    info: {
      name: options.name,
      version: options.version,
      os: options.os,
      hints: options.hints,
      build: { importedFrom: path.basename(options.disk), sourceFormat: format },
    },
  });
  return { ...info, sourceFormat: format, virtualSize };
}
