const MiB = 1024 * 1024;
const SECTOR = 512;

export type Partition = { offsetBytes: number; sizeBytes: number; type: string; isBootable: boolean };
export type DiskLayout = { sizeBytes: number; boot: Partition; data: Partition };

/**
 * An MBR disk: a FAT16 boot partition (SYSLINUX, kernel, initramfs) at 1 MiB, the usual
 * alignment, then an ext4 data partition the guest writes into. Sizes in whole MiB.
 */
export function planDiskLayout(options: { bootMiB: number; dataMiB: number }): DiskLayout {
  // FAT16 needs at least 4085 clusters: below 16 MiB mkfs.fat would fall back to FAT12.
  const bootMiB = Math.max(16, Math.ceil(options.bootMiB));
  const dataMiB = Math.max(8, Math.ceil(options.dataMiB));
  const boot: Partition = { offsetBytes: MiB, sizeBytes: bootMiB * MiB, type: "e", isBootable: true };
  const data: Partition = {
    offsetBytes: boot.offsetBytes + boot.sizeBytes,
    sizeBytes: dataMiB * MiB,
    type: "83",
    isBootable: false,
  };
  return { sizeBytes: data.offsetBytes + data.sizeBytes, boot, data };
}

/** The layout as an `sfdisk` script (sectors), with a fixed disk id so builds compare equal. */
export function sfdiskScript(layout: DiskLayout): string {
  const line = (p: Partition) =>
    `start=${p.offsetBytes / SECTOR}, size=${p.sizeBytes / SECTOR}, type=${p.type}${p.isBootable ? ", bootable" : ""}`;
  return [
    "label: dos",
    "label-id: 0x544d504c",
    "unit: sectors",
    "",
    line(layout.boot),
    line(layout.data),
    "",
  ].join("\n");
}

/** Boot partition size for a kernel and initramfs of these sizes, with room for SYSLINUX. */
export function bootPartitionMiB(payloadBytes: number): number {
  return Math.ceil(payloadBytes / MiB) + 4;
}
