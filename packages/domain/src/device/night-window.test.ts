import { describe, expect, it } from "vitest";
import { defaultNightWindow, nightWindowAt, windowCapacityBytes } from "./night-window";

const paris = "Europe/Paris";

describe("night window", () => {
  it("is open from 20:00 to 06:00 site time, across midnight", () => {
    const lateEvening = nightWindowAt(new Date("2026-12-06T22:30:00Z"), defaultNightWindow, paris);
    expect(lateEvening).toEqual({
      start: new Date("2026-12-06T19:00:00Z"),
      end: new Date("2026-12-07T05:00:00Z"),
      isOpen: true,
    });
    const earlyMorning = nightWindowAt(new Date("2026-12-07T04:59:00Z"), defaultNightWindow, paris);
    expect(earlyMorning.isOpen).toBe(true);
    expect(earlyMorning.start).toEqual(new Date("2026-12-06T19:00:00Z"));
  });

  it("names the next window when closed", () => {
    const afternoon = nightWindowAt(new Date("2026-12-07T13:00:00Z"), defaultNightWindow, paris);
    expect(afternoon).toEqual({
      start: new Date("2026-12-07T19:00:00Z"),
      end: new Date("2026-12-08T05:00:00Z"),
      isOpen: false,
    });
    const justAfter = nightWindowAt(new Date("2026-12-07T05:00:00Z"), defaultNightWindow, paris);
    expect(justAfter.isOpen).toBe(false);
  });

  it("follows the site's zone and same-day windows", () => {
    const span = nightWindowAt(
      new Date("2026-12-06T20:00:00Z"),
      { start: "12:00", end: "14:00" },
      "Indian/Reunion",
    );
    expect(span.start).toEqual(new Date("2026-12-07T08:00:00Z"));
    expect(span.isOpen).toBe(false);
  });

  it("carries cap × duration: 10 h at 100 Mbit/s is 450 GB", () => {
    const span = nightWindowAt(new Date("2026-12-06T22:00:00Z"), defaultNightWindow, paris);
    expect(windowCapacityBytes(span, 100)).toBe(450_000_000_000);
    expect(windowCapacityBytes(span, null)).toBe(Number.POSITIVE_INFINITY);
  });
});
