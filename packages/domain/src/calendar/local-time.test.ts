import { describe, expect, it } from "vitest";
import { addDays, dayOfWeek, localDate, startOfLocalDay, zonedInstant } from "./local-time";

const paris = "Europe/Paris";

describe("local time in a site's zone", () => {
  it("places 9h00 in Paris at 08:00Z in winter and 07:00Z in summer", () => {
    expect(zonedInstant("2026-11-23", "09:00", paris).toISOString()).toBe("2026-11-23T08:00:00.000Z");
    expect(zonedInstant("2026-07-01", "09:00", paris).toISOString()).toBe("2026-07-01T07:00:00.000Z");
  });

  it("reads the day on the wall clock, not in UTC", () => {
    expect(localDate(new Date("2026-11-23T23:30:00Z"), paris)).toBe("2026-11-24");
    expect(localDate(new Date("2026-11-23T22:59:59Z"), paris)).toBe("2026-11-23");
  });

  it("handles the days the clocks change", () => {
    // 29 March 2026: 02:00 → 03:00 in Paris; 25 October 2026: 03:00 → 02:00.
    expect(startOfLocalDay("2026-03-29", paris).toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(zonedInstant("2026-03-29", "12:00", paris).toISOString()).toBe("2026-03-29T10:00:00.000Z");
    expect(zonedInstant("2026-10-25", "12:00", paris).toISOString()).toBe("2026-10-25T11:00:00.000Z");
    const dayLength =
      startOfLocalDay("2026-10-26", paris).getTime() - startOfLocalDay("2026-10-25", paris).getTime();
    expect(dayLength).toBe(25 * 3600_000);
  });

  it("adds days across months and years and names the weekday", () => {
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(dayOfWeek("2026-11-23")).toBe(1);
  });
});
