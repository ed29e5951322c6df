import { describe, expect, it } from "vitest";
import { periodInstants, periodSchema, recentPeriod } from "./index";

const issues = (input: unknown) => {
  const r = periodSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("a period typed by IT", () => {
  it("covers both days, in Paris time, across a change of offset", () => {
    const period = periodSchema.parse({ from: "2026-10-01", to: "2026-10-31" });
    const { from, to } = periodInstants(period);
    expect(from.toISOString()).toBe("2026-09-30T22:00:00.000Z");
    // Summer time ends on 25 October: 1 November starts at 23:00 UTC.
    expect(to.toISOString()).toBe("2026-10-31T23:00:00.000Z");
  });

  it("refuses text, impossible dates, an end before the start and a span over a year", () => {
    expect(issues({ from: "01/11/2026", to: "2026-11-30" })).toEqual(["from: date attendue (AAAA-MM-JJ)"]);
    expect(issues({ from: "2026-02-30", to: "2026-03-01" })).toEqual(["from: cette date n'existe pas"]);
    expect(issues({ from: "2026-11-30", to: "2026-11-01" })).toEqual(["to: la fin précède le début"]);
    expect(issues({ from: "2025-01-01", to: "2026-01-02" })).toEqual(["to: 366 jours au plus"]);
    expect(issues({ from: "2025-01-01", to: "2026-01-01" })).toEqual([]);
    expect(issues({})).toHaveLength(2);
  });

  it("defaults to the last days up to today", () => {
    expect(recentPeriod("2026-12-06", 30)).toEqual({ from: "2026-11-07", to: "2026-12-06" });
  });
});
