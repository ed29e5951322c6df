import type { UefiFirmware } from "./firmware";
import type { MasterHints } from "./hints";

export type Accelerator = "kvm" | "tcg";

/**
 * Where the guest's screen goes: a full-screen window on the post (`gtk`, `sdl`, which need
 * Debian's qemu-system-gui), QEMU's VNC on a unix socket that the agent bridges to noVNC in the
 * kiosk page (`vnc`), or nowhere (`none`, tests).
 */
export type DisplaySpec =
  | { kind: "gtk" }
  | { kind: "sdl" }
  | { kind: "none" }
  | { kind: "vnc"; socket: string };

export type MachineSpec = {
  name: string;
  overlay: string;
  qmpSocket: string;
  accel: Accelerator;
  memoryMiB: number;
  vcpus: number;
  hints: Pick<MasterHints, "machine" | "diskBus" | "nic" | "rtc">;
  /**
   * `user`: QEMU's NAT, run in a network namespace of its own that reaches the post's network but
   * not its loopback (`guest-network.ts`); `none`: no network card at all.
   */
  network: "none" | "user";
  display: DisplaySpec;
  /** The guest's first serial port goes to this file (diagnostics, tests). */
  serialFile?: string | undefined;
  /** Boots in UEFI (OVMF) instead of QEMU's default BIOS (SeaBIOS). */
  uefi?: UefiFirmware | undefined;
};

/** The qemu-system-x86_64 command line for one session. Pure: unit-tested argument by argument. */
export function buildQemuArgs(spec: MachineSpec): string[] {
  return [
    // Only what is written here: no /etc/qemu config, no default devices.
    "-no-user-config",
    "-nodefaults",
    "-name",
    `${spec.name},process=${spec.name}`,
    "-machine",
    `${spec.hints.machine},accel=${spec.accel}`,
    // KVM passes the host CPU through; TCG emulates every feature it knows, for modern guests.
    "-cpu",
    spec.accel === "kvm" ? "host" : "max",
    "-m",
    String(spec.memoryMiB),
    "-smp",
    String(spec.vcpus),
    ...(spec.uefi ? uefiArgs(spec.uefi) : []),
    ...diskArgs(spec),
    "-vga",
    "std",
    // A USB tablet gives an absolute pointer: no mouse grab in the window or in noVNC.
    "-device",
    "qemu-xhci,id=usb",
    "-device",
    "usb-tablet,bus=usb.0",
    ...nicArgs(spec),
    "-rtc",
    `base=${spec.hints.rtc}`,
    "-serial",
    spec.serialFile ? `file:${optionValue(spec.serialFile)}` : "none",
    "-qmp",
    `unix:${optionValue(spec.qmpSocket)},server=on,wait=off`,
    ...displayArgs(spec.display),
    // The guest may be hostile: QEMU itself may not gain privileges, spawn programs or use
    // obsolete syscalls (seccomp filter).
    "-sandbox",
    "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny",
  ];
}

/**
 * OVMF as the machine's flash (`prepareUefi` gives the files): the code read-only and shared by
 * every machine, the variables the machine's own copy.
 */
export function uefiArgs(uefi: UefiFirmware): string[] {
  return [
    "-drive",
    `if=pflash,format=raw,unit=0,readonly=on,file=${optionValue(uefi.code)}`,
    "-drive",
    `if=pflash,format=raw,unit=1,file=${optionValue(uefi.vars)}`,
  ];
}

function diskArgs(spec: MachineSpec): string[] {
  // cache=unsafe: the overlay is thrown away after the session and after any crash, so the
  // guest's flushes need not reach the host's disk. discard=unmap lets the guest's TRIM shrink it.
  const drive = `file=${optionValue(spec.overlay)},if=none,id=disk0,format=qcow2,cache=unsafe,discard=unmap`;
  const { machine, diskBus } = spec.hints;
  if (diskBus === "virtio") return ["-drive", drive, "-device", "virtio-blk-pci,drive=disk0,bootindex=0"];
  // q35's built-in ICH9 controller is AHCI and names its ports ide.N; on pc, AHCI is an extra card.
  if (diskBus === "sata" && machine === "pc") {
    return [
      "-drive",
      drive,
      "-device",
      "ahci,id=ahci",
      "-device",
      "ide-hd,drive=disk0,bus=ahci.0,bootindex=0",
    ];
  }
  return ["-drive", drive, "-device", "ide-hd,drive=disk0,bus=ide.0,bootindex=0"];
}

function nicArgs(spec: MachineSpec): string[] {
  if (spec.network === "none" || spec.hints.nic === "none") return ["-nic", "none"];
  return ["-nic", `user,model=${spec.hints.nic === "virtio" ? "virtio-net-pci" : "e1000"}`];
}

function displayArgs(display: DisplaySpec): string[] {
  switch (display.kind) {
    case "none":
      return ["-display", "none"];
    case "gtk":
      // No menu bar and no close button: the trainee leaves through the session bar (logout).
      return ["-display", "gtk,full-screen=on,show-menubar=off,window-close=off,grab-on-hover=on"];
    case "sdl":
      return ["-display", "sdl,window-close=off", "-full-screen"];
    case "vnc":
      // A unix socket in the overlay folder (mode 0700: the agent's user only), no TCP port at
      // all: no other local process, page in the browser or guest can reach the screen, so it
      // needs no password. The agent serves the page's WebSocket and checks its Origin.
      return ["-display", "none", "-vnc", `unix:${optionValue(display.socket)}`];
  }
}

/** QEMU's option syntax splits on commas; a comma inside a value is written twice. */
export function optionValue(value: string): string {
  return value.replaceAll(",", ",,");
}
