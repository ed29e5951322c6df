import { describe, expect, it } from "vitest";
import { type Check, clockCheck, diskCheck, formatChecklist, memoryCheck, verdict } from "./checklist";

const gib = 1024 ** 3;

describe("doctor checklist", () => {
  it("cannot serve as soon as one check fails", () => {
    const checks: Check[] = [
      { label: "QEMU", level: "ok", detail: "7.2" },
      { label: "KVM", level: "warn", detail: "repli TCG" },
      diskCheck(1 * gib, "/var/lib/tremplin-kiosk"),
    ];
    expect(verdict(checks)).toEqual({ canServe: false, warnings: 1, failures: 1 });
    expect(formatChecklist(checks)).toMatch(
      /✘ Disque\s+1\.0 Gio libres.*\n\nLe poste NE PEUT PAS servir : 1 problème bloquant\./s,
    );
  });

  it("grades the clock skew against the portal", () => {
    expect(clockCheck(2_000).level).toBe("ok");
    expect(clockCheck(-45_000)).toMatchObject({ level: "warn", detail: expect.stringContaining("-45 s") });
    expect(clockCheck(301_000).level).toBe("fail");
    expect(clockCheck(undefined).level).toBe("warn");
  });

  it("grades memory and disk", () => {
    expect(memoryCheck(16 * gib, 12 * gib).level).toBe("ok");
    expect(memoryCheck(2 * gib, 1.5 * gib).level).toBe("warn");
    expect(memoryCheck(8 * gib, 0.5 * gib).level).toBe("fail");
    expect(diskCheck(50 * gib, "/").level).toBe("ok");
    expect(diskCheck(5 * gib, "/").level).toBe("warn");
    expect(formatChecklist([diskCheck(50 * gib, "/")])).toContain("Le poste peut servir.");
  });
});
