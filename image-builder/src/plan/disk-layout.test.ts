import { describe, expect, it } from "vitest";
import { bootPartitionMiB, planDiskLayout, sfdiskScript } from "./disk-layout";

const MiB = 1024 * 1024;

describe("planDiskLayout", () => {
  it("aligns the boot partition at 1 MiB and puts the data partition right after it", () => {
    const layout = planDiskLayout({ bootMiB: 20, dataMiB: 32 });
    expect(layout.boot).toMatchObject({ offsetBytes: MiB, sizeBytes: 20 * MiB, isBootable: true });
    expect(layout.data).toMatchObject({ offsetBytes: 21 * MiB, sizeBytes: 32 * MiB, isBootable: false });
    expect(layout.sizeBytes).toBe(53 * MiB);
  });

  it("keeps the boot partition big enough for FAT16", () => {
    expect(planDiskLayout({ bootMiB: 3, dataMiB: 32 }).boot.sizeBytes).toBe(16 * MiB);
  });

  it("sizes the boot partition from its payload with room to spare", () => {
    expect(bootPartitionMiB(15.5 * MiB)).toBe(20);
  });

  it("writes an sfdisk script in sectors with the boot flag on the first partition", () => {
    const script = sfdiskScript(planDiskLayout({ bootMiB: 20, dataMiB: 32 }));
    expect(script).toContain("label: dos");
    expect(script).toContain("start=2048, size=40960, type=e, bootable");
    expect(script).toContain("start=43008, size=65536, type=83\n");
  });
});
