import { open, rename, rm } from "node:fs/promises";
import { type DiskLayout, sfdiskScript } from "../plan/disk-layout";
import { runTool } from "./run-tool";

/** SYSLINUX's MBR boot code: it chain-loads the partition marked bootable. */
export const syslinuxMbr = "/usr/lib/syslinux/mbr/mbr.bin";
const MBR_CODE_BYTES = 440;
const BLOCK = 1024 * 1024;

/**
 * Writes the raw disk: a sparse file of the layout's size, the partition table by sfdisk,
 * SYSLINUX's MBR code, then each partition image at its offset.
 */
export async function assembleRawDisk(options: {
  file: string;
  layout: DiskLayout;
  bootImage: string;
  dataImage: string;
}): Promise<void> {
  const { file, layout } = options;
  const disk = await open(file, "w");
  await disk.truncate(layout.sizeBytes);
  await disk.close();
  await runTool("sfdisk", ["--no-reread", "--no-tell-kernel", "-q", file], { input: sfdiskScript(layout) });
  // Only the first 440 bytes: the disk id and partition table sfdisk wrote follow them.
  await copyInto({ source: syslinuxMbr, target: file, offset: 0, maxBytes: MBR_CODE_BYTES });
  await copyInto({ source: options.bootImage, target: file, offset: layout.boot.offsetBytes });
  await copyInto({ source: options.dataImage, target: file, offset: layout.data.offsetBytes });
}

/** Converts the raw disk to qcow2 at `out`, through a temp name so `out` is never half-written. */
export async function convertToQcow2(raw: string, out: string): Promise<void> {
  const partial = `${out}.partial`;
  await rm(partial, { force: true });
  try {
    await runTool("qemu-img", ["convert", "-f", "raw", "-O", "qcow2", raw, partial], { timeoutMs: 600_000 });
    await rename(partial, out);
  } finally {
    await rm(partial, { force: true });
  }
}

/** Copies `source` into `target` at `offset`, skipping all-zero blocks so sparse stays sparse. */
export async function copyInto(options: {
  source: string;
  target: string;
  offset: number;
  maxBytes?: number;
}) {
  const src = await open(options.source, "r");
  const dst = await open(options.target, "r+");
  try {
    const buffer = Buffer.alloc(BLOCK);
    const limit = options.maxBytes ?? Number.POSITIVE_INFINITY;
    for (let pos = 0; pos < limit; ) {
      const want = Math.min(BLOCK, limit - pos);
      const { bytesRead } = await src.read(buffer, 0, want, pos);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      // The target was created sparse (zero-filled): writing zeros would only allocate blocks.
      if (!isAllZero(chunk)) await dst.write(chunk, 0, bytesRead, options.offset + pos);
      pos += bytesRead;
    }
  } finally {
    await src.close();
    await dst.close();
  }
}

const zeros = Buffer.alloc(BLOCK);

function isAllZero(chunk: Buffer): boolean {
  return chunk.equals(zeros.subarray(0, chunk.length));
}
