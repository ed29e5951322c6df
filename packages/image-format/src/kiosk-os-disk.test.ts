import { describe, expect, it } from "vitest";
import { bootEntry, loaderConf, partitions, planDisk, sfdiskScript, slotOfCmdline } from "./kiosk-os-disk";

describe("the kiosk OS's disk", () => {
  it("lays the ESP, both slots and the data partition end to end, MiB-aligned, inside the disk", () => {
    const plan = planDisk();
    const parts = [plan.esp, plan.a, plan.b, plan.data];
    for (const [i, p] of parts.entries()) {
      expect(p.offsetBytes % (1024 * 1024)).toBe(0);
      const next = parts[i + 1];
      if (next) expect(next.offsetBytes).toBe(p.offsetBytes + p.sizeBytes);
    }
    expect(plan.a.sizeBytes).toBe(plan.b.sizeBytes);
    expect(plan.data.offsetBytes + plan.data.sizeBytes).toBeLessThan(plan.sizeBytes);
    const script = sfdiskScript(plan);
    for (const p of Object.values(partitions)) expect(script).toContain(`uuid=${p.uuid}, name="${p.label}"`);
  });

  it("boots each slot by its own PARTUUID and never offers an editable command line", () => {
    expect(bootEntry("b", "2026.12.06")).toContain(`root=PARTUUID=${partitions.b.uuid}`);
    expect(bootEntry("b", "2026.12.06")).toContain("tremplin.slot=b");
    expect(loaderConf("a")).toMatch(/^default tremplin-a\.conf$/m);
    expect(loaderConf("a")).toMatch(/^editor no$/m);
  });

  it("reads the booted slot from the kernel's command line, and nothing else", () => {
    expect(slotOfCmdline("root=PARTUUID=x rw tremplin.slot=a quiet")).toBe("a");
    expect(slotOfCmdline("tremplin.slot=b")).toBe("b");
    expect(slotOfCmdline("tremplin.slot=c")).toBeUndefined();
    expect(slotOfCmdline("xtremplin.slot=a")).toBeUndefined();
  });
});
