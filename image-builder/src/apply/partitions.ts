import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { runTool } from "./run-tool";

const KiB = 1024;

// mtools refuses images whose size does not match a floppy/disk geometry unless told not to check.
const mtoolsEnv = { MTOOLS_SKIP_CHECK: "1" };

/**
 * A FAT16 file system in `file`, holding `files` at its root, made bootable by SYSLINUX. All of
 * it works on a plain file: no loop device, no mount, no root needed.
 */
export async function makeBootPartition(options: {
  file: string;
  sizeBytes: number;
  files: { name: string; source: string }[];
}): Promise<void> {
  await runTool("mkfs.fat", [
    "-C",
    "-F",
    "16",
    "-n",
    "TREMPLIN",
    "-i",
    "544d504c",
    options.file,
    String(options.sizeBytes / KiB),
  ]);
  for (const f of options.files) {
    await runTool("mcopy", ["-o", "-i", options.file, f.source, `::/${f.name}`], { env: mtoolsEnv });
  }
  // Installs ldlinux.sys and the FAT boot sector through mtools, inside the image file.
  await runTool("syslinux", ["--install", options.file], { env: mtoolsEnv });
}

/** An ext4 file system in `file`, labelled so the guest finds it whatever the disk bus. */
export async function makeDataPartition(options: {
  file: string;
  sizeBytes: number;
  label: string;
  workDir: string;
}) {
  // `-d` fills the file system from a folder without mounting it; root owns it whoever builds.
  const content = path.join(options.workDir, "data-root");
  await mkdir(content, { recursive: true });
  await writeFile(path.join(content, "README"), "Tremplin: partition de données de la session.\n");
  await runTool("mkfs.ext4", [
    "-q",
    "-F",
    // No blocks reserved for root: the whole partition is the session's scratch space.
    "-m",
    "0",
    "-L",
    options.label,
    "-E",
    "root_owner=0:0",
    "-d",
    content,
    options.file,
    `${options.sizeBytes / KiB}k`,
  ]);
}
