import { readlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { bootEntry, loaderConf, type Slot } from "@tremplin/image-format/kiosk-os-disk";
import { runTool } from "../apply/run-tool";

const mtoolsEnv = { MTOOLS_SKIP_CHECK: "1" };

/**
 * The EFI system partition as a FAT32 file, without loop devices or mounts: systemd-boot as the
 * firmware's default loader, loader.conf, and the first slot's kernel, initrd and entry. The
 * other slot's folder is written by the post's updater.
 */
export async function makeEsp(options: {
  file: string;
  sizeBytes: number;
  root: string;
  slot: Slot;
  version: string;
  workDir: string;
}): Promise<void> {
  const { file, root } = options;
  await runTool("mkfs.fat", [
    "-C",
    "-F",
    "32",
    "-n",
    "ESP",
    "-i",
    "7e4d1a52",
    file,
    String(options.sizeBytes / 1024),
  ]);
  const mmd = (dir: string) => runTool("mmd", ["-i", file, `::/${dir}`], { env: mtoolsEnv });
  const put = (source: string, target: string) =>
    runTool("mcopy", ["-o", "-i", file, source, `::/${target}`], { env: mtoolsEnv });
  for (const dir of ["EFI", "EFI/BOOT", "loader", "loader/entries", "tremplin", `tremplin/${options.slot}`])
    await mmd(dir);
  await put(path.join(root, "usr/lib/systemd/boot/efi/systemd-bootx64.efi"), "EFI/BOOT/BOOTX64.EFI");
  const kernel = await findKernel(root);
  await put(kernel.vmlinuz, `tremplin/${options.slot}/vmlinuz`);
  await put(kernel.initrd, `tremplin/${options.slot}/initrd.img`);
  const loader = path.join(options.workDir, "loader.conf");
  await writeFile(loader, loaderConf(options.slot));
  await put(loader, "loader/loader.conf");
  const entry = path.join(options.workDir, `tremplin-${options.slot}.conf`);
  await writeFile(entry, bootEntry(options.slot, options.version));
  await put(entry, `loader/entries/tremplin-${options.slot}.conf`);
}

/** Debian's /vmlinuz and /initrd.img links name the installed kernel. */
export async function findKernel(root: string): Promise<{ vmlinuz: string; initrd: string }> {
  const resolve = async (link: string) =>
    path.join(root, path.resolve("/", await readlink(path.join(root, link))));
  return { vmlinuz: await resolve("vmlinuz"), initrd: await resolve("initrd.img") };
}
