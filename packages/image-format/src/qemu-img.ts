import { execFile, spawn } from "node:child_process";
import { open } from "node:fs/promises";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";

/**
 * The one door to `qemu-img` (Debian `qemu-utils`) for the image format: argument arrays,
 * a timeout, and a typed error naming the tool, its exit code and its stderr's tail.
 */
export const diskFormats = ["raw", "qcow2", "vmdk", "vhdx", "vpc"] as const;
export type DiskFormat = (typeof diskFormats)[number];

function qemuImg(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("qemu-img", args, { timeout: timeoutMs, maxBuffer: 512 << 20 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return reject(
          new AppError("unavailable", "Outil introuvable : qemu-img (paquet Debian « qemu-utils »)."),
        );
      }
      const tail = stderr.trim().split("\n").slice(-6).join("\n");
      const how = error.killed ? "a dépassé son délai" : `a échoué (code ${error.code ?? "?"})`;
      reject(
        new AppError("unavailable", `qemu-img ${args[0]} ${how} : ${tail || "(aucun message)"}`, {
          details: { args, exitCode: error.code, stderrTail: tail },
        }),
      );
    });
  });
}

const infoSchema = z.object({ format: z.string(), "virtual-size": z.number().int().min(0) });

/**
 * The disk's container format and virtual size. qemu-img calls any file it does not recognise
 * "raw", so a raw disk must also look like one: a whole number of 512-byte sectors and the
 * boot signature 55 AA at byte 510 (an MBR, or GPT's protective MBR). Anything else is refused
 * with a message saying so, before a single chunk is cut.
 */
export async function probeDisk(file: string): Promise<{ format: DiskFormat; virtualSize: number }> {
  const info = infoSchema.parse(JSON.parse(await qemuImg(["info", "--output=json", file], 60_000)));
  const format = diskFormats.find((f) => f === info.format);
  if (!format) {
    throw new AppError(
      "invalid_input",
      `${file} : format de disque non pris en charge (${info.format}) ; attendus : raw, qcow2, vmdk, vhdx.`,
    );
  }
  if (format === "raw" && !(await looksLikeRawDisk(file, info["virtual-size"]))) {
    throw new AppError(
      "invalid_input",
      `${file} n'est pas une image disque : ni qcow2, vmdk ni vhdx, et pas un disque brut (taille multiple de 512 octets avec une table de partitions MBR ou GPT, ou un système de fichiers ext4 : l'emplacement système des postes).`,
    );
  }
  return { format, virtualSize: info["virtual-size"] };
}

async function looksLikeRawDisk(file: string, size: number): Promise<boolean> {
  if (size < 512 || size % 512 !== 0) return false;
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(2048);
    await handle.read(head, 0, 2048, 0);
    const hasPartitionTable = head[510] === 0x55 && head[511] === 0xaa;
    // An ext4 file system alone: a kiosk-OS slot, published like a master (its superblock's magic).
    const isExt4 = head.readUInt16LE(1024 + 0x38) === 0xef53;
    return hasPartitionTable || isExt4;
  } finally {
    await handle.close();
  }
}

const mapSchema = z.array(
  z.object({ start: z.number().int(), length: z.number().int(), data: z.boolean(), zero: z.boolean() }),
);
export type DiskRegion = { offset: number; length: number; isZero: boolean };

/**
 * The disk's runs of data and of zeros, merged and in order (`qemu-img map`): an unallocated
 * or zero-flagged run reads as zeros and is never read.
 */
export async function mapDisk(file: string, format: DiskFormat): Promise<DiskRegion[]> {
  const entries = mapSchema.parse(
    JSON.parse(await qemuImg(["map", "--output=json", "-f", format, file], 600_000)),
  );
  const regions: DiskRegion[] = [];
  for (const e of entries) {
    const isZero = e.zero || !e.data;
    const last = regions.at(-1);
    if (last && last.isZero === isZero && last.offset + last.length === e.start) last.length += e.length;
    else regions.push({ offset: e.start, length: e.length, isZero });
  }
  return regions;
}

/**
 * Rewrites a disk in another container format (`qemu-img convert -p`): to raw, the guest's
 * view as a sparse file (zero runs left as holes); to qcow2, a compact image. `onProgress`
 * gets qemu-img's own percentage.
 */
export function convertDisk(options: {
  file: string;
  from: DiskFormat;
  out: string;
  to: "raw" | "qcow2";
  onProgress?: (percent: number) => void;
}): Promise<void> {
  const args = ["convert", "-p", "-f", options.from, "-O", options.to, options.file, options.out];
  return new Promise((resolve, reject) => {
    const child = spawn("qemu-img", args, { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      for (const m of text.matchAll(/\((\d+(?:\.\d+)?)\/100%\)/g)) options.onProgress?.(Number(m[1]));
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr = (stderr + text).slice(-4000);
    });
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new AppError("unavailable", "Outil introuvable : qemu-img (paquet Debian « qemu-utils »).")
          : error,
      ),
    );
    child.on("close", (code) => {
      if (code === 0) return resolve();
      const tail = stderr.trim().split("\n").slice(-6).join("\n");
      reject(
        new AppError(
          "unavailable",
          `qemu-img convert a échoué (code ${code}) : ${tail || "(aucun message)"}`,
          {
            details: { args, exitCode: code, stderrTail: tail },
          },
        ),
      );
    });
  });
}
