import { describe, expect, it } from "vitest";
import { guestFiles } from "./tiny-linux-guest";

const base = { title: "Bureautique — débutants", modules: ["virtio_ring", "virtio_blk"], writeMiB: 64 };

function fileText(mode: "test" | "demo" | "bench", path: string): string | undefined {
  const entry = guestFiles({ ...base, mode }).find((e) => e.path === path);
  return entry?.type === "file" ? String(entry.data) : undefined;
}

describe("guestFiles", () => {
  it("test mode: runs the marker script once and powers off", () => {
    expect(fileText("test", "etc/inittab")).toContain("::once:/etc/tremplin/run");
    const run = fileText("test", "etc/tremplin/run")!;
    expect(run).toContain("TREMPLIN-MARKER: absent");
    expect(run).toContain("TREMPLIN-MARKER: present");
    expect(run.trim().endsWith("poweroff")).toBe(true);
  });

  it("demo mode: shells on the serial and VGA consoles, showing the title", () => {
    const inittab = fileText("demo", "etc/inittab")!;
    expect(inittab).toContain("ttyS0::respawn:-/bin/sh");
    expect(inittab).toContain("tty1::respawn:-/bin/sh");
    expect(fileText("demo", "etc/tremplin/run")).toBeUndefined();
    expect(fileText("demo", "etc/profile")).toContain("/etc/tremplin/title");
    expect(fileText("demo", "etc/tremplin/title")).toBe("Bureautique — débutants\n");
  });

  it("bench mode: writes the asked amount before powering off", () => {
    expect(fileText("bench", "etc/tremplin/run")).toContain("count=64");
  });

  it("every mode answers the ACPI power button with a clean poweroff", () => {
    for (const mode of ["test", "demo", "bench"] as const) {
      expect(fileText(mode, "etc/acpi/PWRF/00000080")).toContain("poweroff");
      expect(fileText(mode, "etc/init.d/rcS")).toContain("acpid");
    }
  });

  it("every mode runs the network probe only when QEMU passes one (fw_cfg), after the boot lines", () => {
    for (const mode of ["test", "demo", "bench"] as const) {
      const rcS = fileText(mode, "etc/init.d/rcS")!;
      expect(rcS).toContain("/sys/firmware/qemu_fw_cfg/by_name/opt/tremplin/net-probe/raw");
      expect(rcS.indexOf("net-probe")).toBeGreaterThan(rcS.indexOf("TREMPLIN-TITLE"));
    }
    expect(fileText("test", "etc/tremplin/net-probe")).toContain("udhcpc -i eth0 -s /etc/tremplin/udhcpc");
  });

  it("loads the modules in the given order", () => {
    expect(fileText("test", "etc/tremplin/modules")).toBe("virtio_ring\nvirtio_blk\n");
  });
});
