import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { MasterInfo } from "@tremplin/image-format/master-info";
import { fetchBusybox, fetchKernel, resolveModules } from "../apply/debian-parts";
import { assembleRawDisk, convertToQcow2 } from "../apply/disk-image";
import { writeMasterInfo } from "../apply/master-info";
import { makeBootPartition, makeDataPartition } from "../apply/partitions";
import { type CpioEntry, writeCpio } from "../plan/cpio";
import { bootPartitionMiB, planDiskLayout } from "../plan/disk-layout";
import {
  dataLabel,
  guestFiles,
  guestModules,
  syslinuxConfig,
  type TinyLinuxMode,
} from "../plan/tiny-linux-guest";

export type TinyLinuxOptions = {
  out: string;
  infoFile: string;
  mode: TinyLinuxMode;
  title: string;
  name: string;
  version: string;
  cacheDir: string;
  /** Bench mode only: how much the guest writes before powering off. */
  writeMiB: number;
  log: (line: string) => void;
};

const KERNEL_META = "linux-image-cloud-amd64";

/**
 * A real BIOS-bootable Linux master in a few MiB: Debian's cloud kernel and static busybox in
 * an initramfs, SYSLINUX on a FAT partition, an ext4 data partition the guest writes into.
 * Every step works on plain files (no loop device, no mount), so it builds without privileges.
 */
export async function buildTinyLinux(options: TinyLinuxOptions): Promise<MasterInfo> {
  const { log } = options;
  await mkdir(path.dirname(options.out), { recursive: true });
  // Beside the output, so the final rename stays on one file system.
  const work = await mkdtemp(path.join(path.dirname(options.out), ".tremplin-build-"));
  try {
    log(`Paquets Debian (${KERNEL_META}, busybox-static), cache ${options.cacheDir}`);
    const kernel = await fetchKernel(KERNEL_META, options.cacheDir, work);
    const busybox = await fetchBusybox(options.cacheDir, work);
    const modules = await resolveModules(kernel, guestModules);

    log(`Initramfs : noyau ${kernel.version}, modules ${modules.map((m) => m.name).join(" ")}`);
    const entries: CpioEntry[] = guestFiles({
      mode: options.mode,
      title: options.title,
      modules: modules.map((m) => m.name),
      writeMiB: options.writeMiB,
    });
    entries.push({ type: "file", path: "bin/busybox", data: await readFile(busybox.binary), mode: 0o755 });
    for (const m of modules)
      entries.push({ type: "file", path: `lib/modules/${m.name}.ko`, data: await readFile(m.file) });
    const initrd = path.join(work, "initrd.gz");
    await writeFile(initrd, gzipSync(writeCpio(entries), { level: 9 }));
    const syslinuxCfg = path.join(work, "syslinux.cfg");
    await writeFile(syslinuxCfg, syslinuxConfig());

    const payload = (await stat(kernel.vmlinuz)).size + (await stat(initrd)).size;
    // Bench mode writes `writeMiB` into ext4: leave room for its metadata and journal.
    const dataMiB = options.mode === "bench" ? options.writeMiB + 96 : 32;
    const layout = planDiskLayout({ bootMiB: bootPartitionMiB(payload), dataMiB });
    log(`Disque : amorçage ${layout.boot.sizeBytes >> 20} Mio (FAT16), données ${dataMiB} Mio (ext4)`);
    const bootImage = path.join(work, "boot.img");
    await makeBootPartition({
      file: bootImage,
      sizeBytes: layout.boot.sizeBytes,
      files: [
        { name: "vmlinuz", source: kernel.vmlinuz },
        { name: "initrd.gz", source: initrd },
        { name: "syslinux.cfg", source: syslinuxCfg },
      ],
    });
    const dataImage = path.join(work, "data.img");
    await makeDataPartition({
      file: dataImage,
      sizeBytes: layout.data.sizeBytes,
      label: dataLabel,
      workDir: work,
    });
    const raw = path.join(work, "disk.raw");
    await assembleRawDisk({ file: raw, layout, bootImage, dataImage });
    await convertToQcow2(raw, options.out);

    return await writeMasterInfo({
      disk: options.out,
      file: options.infoFile,
      info: {
        name: options.name,
        version: options.version,
        os: "linux",
        hints: {
          memoryMiB: 256,
          minMemoryMiB: 128,
          vcpus: 1,
          diskBus: "virtio",
          nic: "none",
          machine: "pc",
          hasSerialConsole: true,
        },
        build: {
          recipe: "tiny-linux",
          mode: options.mode,
          title: options.title,
          kernel: `${kernel.deb.name} ${kernel.deb.version}`,
          busybox: `${busybox.deb.name} ${busybox.deb.version}`,
          ...(options.mode === "bench" ? { writeMiB: options.writeMiB } : {}),
        },
      },
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
