import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, stat } from "node:fs/promises";
import path from "node:path";
import type { MasterRef } from "@tremplin/domain/device";
import { AppError } from "@tremplin/domain/errors";
import { type MasterInfo, masterInfoSchema } from "@tremplin/image-format/master-info";
import { z } from "zod";
import { writeFileAtomic } from "../outbox/journal";

/**
 * Masters on this post: `<mastersDir>/<name>/<version>/` holds the disk (`diskFileName`: the
 * read-only base every overlay points to) and `master.json` (@tremplin/image-format's `MasterInfo`: its
 * SHA-256 and hardware hints). A `verified.json` stamp records a successful hash check for the
 * file's size and mtime, so the 20 GiB hash runs once per version, not at every login, and a
 * later change voids it.
 */
const stampSchema = z.object({ sha256: z.string(), size: z.number(), mtimeMs: z.number() });

export type MasterOnDisk = MasterInfo & { dir: string; disk: string; isVerified: boolean };

const safeSegment = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function masterDir(mastersDir: string, ref: MasterRef): string {
  // Names come from the portal: never let one climb out of the masters folder.
  if (!safeSegment.test(ref.name) || !safeSegment.test(ref.version)) {
    throw new AppError("invalid_input", `Nom de master invalide : ${ref.name} ${ref.version}`);
  }
  return path.join(mastersDir, ref.name, ref.version);
}

/** The master if present (verified or not); undefined when absent. */
export async function findMaster(mastersDir: string, ref: MasterRef): Promise<MasterOnDisk | undefined> {
  const dir = masterDir(mastersDir, ref);
  let info: MasterInfo;
  let disk: string;
  try {
    info = masterInfoSchema.parse(JSON.parse(await readFile(path.join(dir, "master.json"), "utf8")));
    disk = path.join(dir, diskFileName(info.format));
    await stat(disk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return { ...info, dir, disk, isVerified: await hasValidStamp(dir, disk, info.sha256) };
}

/**
 * A master's disk file: `disk.qcow2` when copied in by hand, `disk.raw` (sparse) when the night
 * sync assembled it from chunks — its SHA-256 is then the signed manifest's, and older versions
 * lend their chunks from it by offset (decision 020).
 */
export function diskFileName(format: MasterInfo["format"]): string {
  return format === "raw" ? "disk.raw" : "disk.qcow2";
}

/** Every master present, for the heartbeat and `doctor`. */
export async function listMasters(mastersDir: string): Promise<MasterOnDisk[]> {
  const found: MasterOnDisk[] = [];
  for (const name of await readdirOrEmpty(mastersDir)) {
    for (const version of await readdirOrEmpty(path.join(mastersDir, name))) {
      if (!safeSegment.test(name) || !safeSegment.test(version)) continue;
      const m = await findMaster(mastersDir, { name, version }).catch(() => undefined);
      if (m) found.push(m);
    }
  }
  return found;
}

/**
 * The master, hashed if it carries no valid stamp yet. Throws `not_found` when absent and
 * `conflict` when its content does not match its recorded hash (the post must not boot it).
 */
export async function getVerifiedMaster(mastersDir: string, ref: MasterRef): Promise<MasterOnDisk> {
  const master = await findMaster(mastersDir, ref);
  if (!master) {
    throw new AppError(
      "not_found",
      `Le master « ${ref.name} » version ${ref.version} n'est pas présent sur ce poste.`,
    );
  }
  if (master.isVerified) return master;
  const s = await stat(master.disk);
  const actual = await sha256File(master.disk);
  if (actual !== master.sha256) {
    throw new AppError(
      "conflict",
      `Le master « ${ref.name} » version ${ref.version} est altéré (empreinte incorrecte) : il ne sera pas démarré.`,
      { details: { expected: master.sha256, actual } },
    );
  }
  await writeFileAtomic(
    path.join(master.dir, "verified.json"),
    JSON.stringify({ sha256: actual, size: s.size, mtimeMs: s.mtimeMs }),
  );
  return { ...master, isVerified: true };
}

/**
 * Places a qcow2 as a master (tests, the demo, and by hand until relay sync lands). `infoFile`
 * is image-builder's JSON beside the disk: its hints are kept.
 */
export async function installMaster(
  mastersDir: string,
  master: { name: string; version: string; file: string; infoFile?: string; hints?: MasterInfo["hints"] },
): Promise<MasterOnDisk> {
  const built = master.infoFile
    ? masterInfoSchema.partial().parse(JSON.parse(await readFile(master.infoFile, "utf8")))
    : undefined;
  const dir = masterDir(mastersDir, master);
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, "disk.qcow2.tmp");
  await copyFile(master.file, tmp);
  const sha256 = await sha256File(tmp);
  await rename(tmp, path.join(dir, "disk.qcow2"));
  const info: MasterInfo = {
    name: master.name,
    version: master.version,
    sha256,
    format: "qcow2",
    hints: master.hints ?? built?.hints ?? {},
  };
  await writeFileAtomic(path.join(dir, "master.json"), JSON.stringify(info, null, 2));
  return getVerifiedMaster(mastersDir, master);
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(file, { highWaterMark: 1 << 20 })
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

async function hasValidStamp(dir: string, disk: string, sha256: string): Promise<boolean> {
  try {
    const stamp = stampSchema.parse(JSON.parse(await readFile(path.join(dir, "verified.json"), "utf8")));
    const s = await stat(disk);
    return stamp.sha256 === sha256 && stamp.size === s.size && stamp.mtimeMs === s.mtimeMs;
  } catch {
    // No stamp or an unreadable one: simply not verified yet; getVerifiedMaster will hash.
    return false;
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
