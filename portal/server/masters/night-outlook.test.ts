import { nightWindowAt } from "@tremplin/domain/device";
import { describe, expect, it } from "vitest";
import { nightCapacity, wanBytes } from "./night-outlook";

describe("the night ahead of a site", () => {
  it("counts each needed chunk once, minus what the site's posts already hold", () => {
    const v1 = new Map([
      ["a", 100],
      ["b", 200],
    ]);
    const v2 = new Map([
      ["a", 100],
      ["c", 300],
    ]);
    const other = new Map([
      ["c", 300],
      ["d", 50],
    ]);
    expect(wanBytes([v2, other], [v1])).toBe(350);
    expect(wanBytes([v2], [])).toBe(400);
  });

  it("gives what the rest of an open window carries at the cap, and the whole of the next one", () => {
    const window = { start: "20:00", end: "06:00" };
    const at23 = new Date("2026-12-06T22:00:00Z");
    const open = nightWindowAt(at23, window, "Europe/Paris");
    // 23:00 in Paris: 7 h left at 10 Mbit/s, 31.5 GB.
    expect(nightCapacity(open, 10, at23)).toEqual({ capacityBytes: 31_500_000_000 });
    const noon = new Date("2026-12-07T11:00:00Z");
    expect(nightCapacity(nightWindowAt(noon, window, "Europe/Paris"), 10, noon)).toEqual({
      capacityBytes: 45_000_000_000,
    });
    expect(nightCapacity(open, null, at23)).toEqual({ capacityBytes: null });
  });
});
