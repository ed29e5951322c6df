import { describe, expect, it } from "vitest";
import { buildQemuArgs, type MachineSpec, optionValue } from "./machine-args";

const base: MachineSpec = {
  name: "tremplin-vm-abc",
  overlay: "/var/lib/tremplin/overlays/vm-abc.qcow2",
  qmpSocket: "/var/lib/tremplin/overlays/vm-abc.qmp",
  accel: "tcg",
  memoryMiB: 2048,
  vcpus: 2,
  hints: { machine: "q35", diskBus: "sata", nic: "e1000", rtc: "utc" },
  network: "user",
  display: { kind: "none" },
};

/** The value following `flag` (each occurrence). */
function valuesOf(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
}

describe("buildQemuArgs", () => {
  it("starts from nothing: no user config, no default devices", () => {
    const args = buildQemuArgs(base);
    expect(args.slice(0, 2)).toEqual(["-no-user-config", "-nodefaults"]);
  });

  it("sizes the machine and picks the CPU model from the accelerator", () => {
    expect(valuesOf(buildQemuArgs(base), "-machine")).toEqual(["q35,accel=tcg"]);
    expect(valuesOf(buildQemuArgs(base), "-cpu")).toEqual(["max"]);
    expect(valuesOf(buildQemuArgs({ ...base, accel: "kvm" }), "-cpu")).toEqual(["host"]);
    expect(valuesOf(buildQemuArgs(base), "-m")).toEqual(["2048"]);
    expect(valuesOf(buildQemuArgs(base), "-smp")).toEqual(["2"]);
  });

  it("attaches the overlay as a throw-away disk on the master's bus", () => {
    const args = buildQemuArgs(base);
    expect(valuesOf(args, "-drive")).toEqual([
      "file=/var/lib/tremplin/overlays/vm-abc.qcow2,if=none,id=disk0,format=qcow2,cache=unsafe,discard=unmap",
    ]);
    expect(valuesOf(args, "-device")).toContain("ide-hd,drive=disk0,bus=ide.0,bootindex=0");
    const virtio = buildQemuArgs({ ...base, hints: { ...base.hints, diskBus: "virtio" } });
    expect(valuesOf(virtio, "-device")).toContain("virtio-blk-pci,drive=disk0,bootindex=0");
    const pcSata = buildQemuArgs({ ...base, hints: { ...base.hints, machine: "pc", diskBus: "sata" } });
    expect(valuesOf(pcSata, "-device")).toEqual(
      expect.arrayContaining(["ahci,id=ahci", "ide-hd,drive=disk0,bus=ahci.0,bootindex=0"]),
    );
  });

  it("doubles commas in paths, as QEMU's option syntax requires", () => {
    expect(optionValue("/srv/a,b/vm.qcow2")).toBe("/srv/a,,b/vm.qcow2");
    const args = buildQemuArgs({ ...base, overlay: "/srv/a,b/vm.qcow2", serialFile: "/tmp/s,1.log" });
    expect(valuesOf(args, "-drive")[0]).toMatch(/^file=\/srv\/a,,b\/vm\.qcow2,if=none/);
    expect(valuesOf(args, "-serial")).toEqual(["file:/tmp/s,,1.log"]);
  });

  it("gives a NAT network card unless the post or the master says none", () => {
    expect(valuesOf(buildQemuArgs(base), "-nic")).toEqual(["user,model=e1000"]);
    expect(valuesOf(buildQemuArgs({ ...base, hints: { ...base.hints, nic: "virtio" } }), "-nic")).toEqual([
      "user,model=virtio-net-pci",
    ]);
    expect(valuesOf(buildQemuArgs({ ...base, network: "none" }), "-nic")).toEqual(["none"]);
    expect(valuesOf(buildQemuArgs({ ...base, hints: { ...base.hints, nic: "none" } }), "-nic")).toEqual([
      "none",
    ]);
  });

  it("sends the serial console to a file only when asked", () => {
    expect(valuesOf(buildQemuArgs(base), "-serial")).toEqual(["none"]);
    expect(valuesOf(buildQemuArgs({ ...base, serialFile: "/tmp/serial.log" }), "-serial")).toEqual([
      "file:/tmp/serial.log",
    ]);
  });

  it("opens QMP on the session's unix socket, without waiting for a client", () => {
    expect(valuesOf(buildQemuArgs(base), "-qmp")).toEqual([
      "unix:/var/lib/tremplin/overlays/vm-abc.qmp,server=on,wait=off",
    ]);
  });

  it("always gives a USB tablet (absolute pointer) on an xHCI controller", () => {
    expect(valuesOf(buildQemuArgs(base), "-device")).toEqual(
      expect.arrayContaining(["qemu-xhci,id=usb", "usb-tablet,bus=usb.0"]),
    );
  });

  it("shows the guest full screen, with no menu and no close button, in gtk and sdl", () => {
    expect(valuesOf(buildQemuArgs({ ...base, display: { kind: "gtk" } }), "-display")).toEqual([
      "gtk,full-screen=on,show-menubar=off,window-close=off,grab-on-hover=on",
    ]);
    const sdl = buildQemuArgs({ ...base, display: { kind: "sdl" } });
    expect(valuesOf(sdl, "-display")).toEqual(["sdl,window-close=off"]);
    expect(sdl).toContain("-full-screen");
  });

  it("puts VNC on a unix socket only: no WebSocket or TCP port any page or guest could reach", () => {
    const args = buildQemuArgs({ ...base, display: { kind: "vnc", socket: "/run/vm.vnc" } });
    expect(valuesOf(args, "-display")).toEqual(["none"]);
    expect(valuesOf(args, "-vnc")).toEqual(["unix:/run/vm.vnc"]);
  });

  it("runs QEMU under its seccomp sandbox", () => {
    expect(valuesOf(buildQemuArgs(base), "-sandbox")).toEqual([
      "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny",
    ]);
  });

  it("keeps the clock as the master expects", () => {
    expect(valuesOf(buildQemuArgs({ ...base, hints: { ...base.hints, rtc: "localtime" } }), "-rtc")).toEqual([
      "base=localtime",
    ]);
  });

  it("boots QEMU's BIOS unless the master needs UEFI: then OVMF's code read-only, the session's own variables", () => {
    expect(buildQemuArgs(base).some((a) => a.includes("pflash"))).toBe(false);
    const uefi = buildQemuArgs({
      ...base,
      uefi: { code: "/usr/share/OVMF/OVMF_CODE_4M.fd", vars: "/var/lib/tremplin/overlays/vm-abc.efivars" },
    });
    expect(valuesOf(uefi, "-drive").filter((d) => d.startsWith("if=pflash"))).toEqual([
      "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
      "if=pflash,format=raw,unit=1,file=/var/lib/tremplin/overlays/vm-abc.efivars",
    ]);
  });
});
