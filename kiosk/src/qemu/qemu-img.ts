import { rm, stat } from "node:fs/promises";
import { execa } from "execa";
import { z } from "zod";
import { resolveBinary } from "./binaries";
import { stderrTail, VmError } from "./errors";

export type QemuImgOptions = { binary?: string; timeoutMs?: number; signal?: AbortSignal };

/**
 * The session's overlay: a qcow2 whose backing file is the master. Every write of the session
 * lands in it and the master stays untouched, so deleting it is the whole reset. Creating it
 * reads only the master's header: constant time whatever the master's size.
 */
export async function createOverlay(
  options: QemuImgOptions & { master: string; masterFormat?: "qcow2" | "raw"; overlay: string },
): Promise<void> {
  await assertMasterReadable(options.master);
  const backingFormat = options.masterFormat ?? "qcow2";
  const result = await qemuImg(
    ["create", "-q", "-f", "qcow2", "-b", options.master, "-F", backingFormat, options.overlay],
    options,
  );
  if (result.exitCode === 0) return;
  // qemu-img removes its partial file on most failures; make sure, so nothing is left behind.
  await rm(options.overlay, { force: true });
  const tail = stderrTail(result.stderr);
  if (/No space left on device/i.test(tail)) {
    throw new VmError("disk_full", "Plus de place sur le disque du poste pour ouvrir une session.", {
      details: { overlay: options.overlay, stderrTail: tail },
    });
  }
  throw new VmError(
    "overlay_failed",
    `Impossible de préparer le disque de session : ${tail || "erreur inconnue"}`,
    {
      details: { overlay: options.overlay, exitCode: result.exitCode, stderrTail: tail },
    },
  );
}

const imageInfoSchema = z.object({
  filename: z.string(),
  format: z.string(),
  "virtual-size": z.number(),
  "actual-size": z.number().optional(),
  "backing-filename": z.string().optional(),
  "full-backing-filename": z.string().optional(),
  "backing-filename-format": z.string().optional(),
  "dirty-flag": z.boolean().optional(),
});
export type ImageInfo = z.infer<typeof imageInfoSchema>;

/** `qemu-img info` of one image (not its backing chain), parsed. */
export async function imageInfo(image: string, options: QemuImgOptions = {}): Promise<ImageInfo> {
  const result = await qemuImg(["info", "--output=json", "--force-share", image], options);
  if (result.exitCode !== 0) {
    throw new VmError("overlay_failed", `qemu-img info ${image} : ${stderrTail(result.stderr)}`, {
      details: { image, exitCode: result.exitCode },
    });
  }
  return imageInfoSchema.parse(JSON.parse(result.stdout));
}

const checkSchema = z.object({
  "check-errors": z.number(),
  corruptions: z.number().optional(),
  leaks: z.number().optional(),
  "image-end-offset": z.number().optional(),
});
export type ImageCheck = { isClean: boolean; corruptions: number; leaks: number; checkErrors: number };

/**
 * `qemu-img check`: exit 0 clean, 2 corrupted, 3 leaked clusters (harmless), 1 could not check
 * (see qemu-img(1)). Leaks alone still count as clean: they only waste space.
 */
export async function checkImage(image: string, options: QemuImgOptions = {}): Promise<ImageCheck> {
  const result = await qemuImg(["check", "--output=json", "--force-share", image], options);
  if (result.exitCode === 1 || !result.stdout.trim()) {
    throw new VmError("overlay_failed", `qemu-img check ${image} : ${stderrTail(result.stderr)}`, {
      details: { image, exitCode: result.exitCode },
    });
  }
  const parsed = checkSchema.parse(JSON.parse(result.stdout));
  const corruptions = parsed.corruptions ?? 0;
  const checkErrors = parsed["check-errors"];
  return {
    isClean: corruptions === 0 && checkErrors === 0,
    corruptions,
    leaks: parsed.leaks ?? 0,
    checkErrors,
  };
}

async function assertMasterReadable(master: string): Promise<void> {
  try {
    const s = await stat(master);
    if (s.isFile()) return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR" && code !== "EACCES") throw error;
  }
  throw new VmError("master_missing", `Le disque du master est introuvable sur ce poste : ${master}`, {
    details: { master },
  });
}

async function qemuImg(args: string[], options: QemuImgOptions) {
  const binary = await resolveBinary(options.binary ?? "qemu-img");
  const result = await execa(binary, args, {
    reject: false,
    stdin: "ignore",
    timeout: options.timeoutMs ?? 30_000,
    cancelSignal: options.signal,
  });
  if (result.timedOut) {
    throw new VmError("overlay_failed", `qemu-img ${args[0]} a dépassé son délai.`, { details: { args } });
  }
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
