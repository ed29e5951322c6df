import { describe, expect, it } from "vitest";
import { normaliseModuleName, orderModules, readModinfoDepends } from "./module-order";

const graph: Record<string, string[]> = {
  virtio_blk: ["virtio", "virtio_ring"],
  virtio: ["virtio_ring"],
  virtio_ring: [],
  sd_mod: ["scsi_mod"],
  scsi_mod: ["scsi_common"],
  scsi_common: [],
};

describe("orderModules", () => {
  it("puts every module after its dependencies, each once", () => {
    const order = orderModules(["virtio_blk", "sd_mod", "virtio"], (n) => graph[n] ?? []);
    expect(order).toEqual(["virtio_ring", "virtio", "virtio_blk", "scsi_common", "scsi_mod", "sd_mod"]);
  });

  it("names a dependency cycle", () => {
    expect(() => orderModules(["a"], (n) => (n === "a" ? ["b"] : ["a"]))).toThrow("a → b → a");
  });

  it("spells names as the kernel does", () => {
    expect(normaliseModuleName("virtio-pci.ko")).toBe("virtio_pci");
    expect(normaliseModuleName("evdev.ko.xz")).toBe("evdev");
  });
});

describe("readModinfoDepends", () => {
  it("reads the depends= string of a .modinfo section", () => {
    const ko = Buffer.from("\x7fELF...\0license=GPL\0depends=virtio_ring,virtio\0name=virtio_blk\0");
    expect(readModinfoDepends(ko)).toEqual(["virtio_ring", "virtio"]);
  });

  it("gives an empty list for a module that depends on nothing", () => {
    expect(readModinfoDepends(Buffer.from("\0depends=\0retpoline=Y\0"))).toEqual([]);
  });
});
