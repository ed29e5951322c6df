/**
 * The kiosk OS's disk: GPT, an ESP with systemd-boot, two root slots (A/B) and a data partition
 * that survives updates. Partitions are found by their fixed PARTUUIDs and PARTLABELs, never by
 * a device name (a NUC's disk is nvme0n1 or sda; QEMU's virtio disk is vda).
 */
const MiB = 1024 * 1024;

export type Slot = "a" | "b";
export const slots: readonly Slot[] = ["a", "b"];

/** GPT type GUIDs (Discoverable Partitions Specification). */
const types = {
  esp: "C12A7328-F81F-11D2-BA4B-00A0C93EC93B",
  rootX86_64: "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709",
  linuxData: "0FC63DAF-8483-4772-8E79-3D69D8477DE4",
} as const;

/** Fixed so that the bootloader entries and fstab never depend on the build. */
export const partitions = {
  esp: { label: "esp", uuid: "7e4d1a52-0e5f-4a55-9d5b-7472656d706c" },
  a: { label: "tremplin-root-a", uuid: "7e4d1a52-0e5f-4a55-9d5b-726f6f742d61" },
  b: { label: "tremplin-root-b", uuid: "7e4d1a52-0e5f-4a55-9d5b-726f6f742d62" },
  data: { label: "tremplin-data", uuid: "7e4d1a52-0e5f-4a55-9d5b-646174612d31" },
} as const;

export type DiskPlan = {
  sizeBytes: number;
  esp: { offsetBytes: number; sizeBytes: number };
  a: { offsetBytes: number; sizeBytes: number };
  b: { offsetBytes: number; sizeBytes: number };
  data: { offsetBytes: number; sizeBytes: number };
};

export const defaultSizes = {
  espMiB: 256,
  /** One root slot: the Debian part is ~1.5 GiB, Node and the agent ~0.2 GiB; room to grow. */
  slotMiB: 2560,
  /** In the image only: the first boot grows it over the rest of the post's disk. */
  dataMiB: 512,
} as const;

/** The smallest disk a post may have: both slots, the ESP and 4 GiB for masters and overlays. */
export const minimumDataBytesAtFirstBoot = 4096 * MiB;

export function planDisk(
  sizes: { espMiB: number; slotMiB: number; dataMiB: number } = defaultSizes,
): DiskPlan {
  // 1 MiB alignment at the start; 1 MiB at the end for the backup GPT.
  let offset = MiB;
  const take = (mib: number) => {
    const part = { offsetBytes: offset, sizeBytes: mib * MiB };
    offset += part.sizeBytes;
    return part;
  };
  const esp = take(sizes.espMiB);
  const a = take(sizes.slotMiB);
  const b = take(sizes.slotMiB);
  const data = take(sizes.dataMiB);
  return { sizeBytes: offset + MiB, esp, a, b, data };
}

/** The partition table as sfdisk reads it (sectors of 512 bytes). */
export function sfdiskScript(plan: DiskPlan): string {
  const line = (
    part: { offsetBytes: number; sizeBytes: number },
    type: string,
    p: { label: string; uuid: string },
  ) =>
    `start=${part.offsetBytes / 512}, size=${part.sizeBytes / 512}, type=${type}, uuid=${p.uuid}, name="${p.label}"`;
  return [
    "label: gpt",
    // A fixed disk GUID too: two builds of one version give the same bytes.
    "label-id: 7E4D1A52-0E5F-4A55-9D5B-6469736B0001",
    line(plan.esp, types.esp, partitions.esp),
    line(plan.a, types.rootX86_64, partitions.a),
    line(plan.b, types.rootX86_64, partitions.b),
    line(plan.data, types.linuxData, partitions.data),
    "",
  ].join("\n");
}

/** The kernel's command line for a slot: root by PARTUUID, the slot's name for the agent. */
export function kernelOptions(slot: Slot): string {
  return [
    `root=PARTUUID=${partitions[slot].uuid}`,
    "rw",
    `tremplin.slot=${slot}`,
    // A kernel that panics reboots, and the firmware then starts the other slot (see os-health).
    "panic=10",
    "quiet",
    "loglevel=3",
    // The serial port carries the boot log and the journal for diagnostics (and tests); nobody
    // logs in on it, and the screen (tty1) shows neither.
    "console=tty1",
    "console=ttyS0,115200",
    "systemd.journald.forward_to_console=1",
    "vt.global_cursor_default=0",
  ].join(" ");
}

/** systemd-boot's entry for one slot; the kernel and initrd sit in the slot's own ESP folder. */
export function bootEntry(slot: Slot, version: string): string {
  return [
    `title Tremplin ${version} (${slot.toUpperCase()})`,
    `version ${version}`,
    `linux /tremplin/${slot}/vmlinuz`,
    `initrd /tremplin/${slot}/initrd.img`,
    `options ${kernelOptions(slot)}`,
    "",
  ].join("\n");
}

/**
 * No menu, no editor (an edited command line is a root shell: `init=/bin/sh`), no other entries.
 * The default is the slot that last proved healthy; a trial goes through a one-shot EFI variable.
 */
export function loaderConf(defaultSlot: Slot): string {
  return [
    `default tremplin-${defaultSlot}.conf`,
    "timeout 0",
    "editor no",
    "auto-entries no",
    "auto-firmware no",
    "console-mode keep",
    "",
  ].join("\n");
}

/** Where the kiosk OS keeps what its agent and its root-side services share. */
export const kioskOsPaths = {
  /** In each slot: which version it is. */
  osRelease: "/usr/lib/tremplin/os.json",
  /** The data partition (survives updates). */
  dataDir: "/var/lib/tremplin-kiosk",
  /** Root-written (trial, outcome of the last update); the agent only reads it. */
  stateDir: "/var/lib/tremplin-kiosk/os-state",
  /** Written by the agent when a verified new version waits; starts the root installer. */
  installRequest: "/var/lib/tremplin-kiosk/os-install-request.json",
  /** Mount point of the ESP (noauto: mounted by the installer and the health check only). */
  esp: "/boot/efi",
} as const;

/** systemd-boot's vendor GUID: `LoaderEntryOneShot-<guid>` boots an entry once. */
export const loaderVendorGuid = "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f";

/** The slot the running kernel was booted from, read from its command line. */
export function slotOfCmdline(cmdline: string): Slot | undefined {
  const m = /(?:^|\s)tremplin\.slot=([ab])(?:\s|$)/.exec(cmdline);
  return m ? (m[1] as Slot) : undefined;
}

export const otherSlot = (slot: Slot): Slot => (slot === "a" ? "b" : "a");
