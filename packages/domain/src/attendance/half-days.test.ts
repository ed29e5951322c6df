import { describe, expect, it } from "vitest";
import { halfDaysOf } from "./half-days";

const paris = "Europe/Paris";
const at = (iso: string) => new Date(iso);
const shape = (span: { startsAt: Date; endsAt: Date }) =>
  halfDaysOf(span, paris).map(
    (h) => `${h.date} ${h.period} ${h.startsAt.toISOString()}–${h.endsAt.toISOString()}`,
  );

describe("half-days of a session (Europe/Paris)", () => {
  it("cuts a full day at lunch, without counting the break", () => {
    // 9h00–17h00 Paris in winter is 08:00Z–16:00Z.
    expect(shape({ startsAt: at("2026-11-23T08:00:00Z"), endsAt: at("2026-11-23T16:00:00Z") })).toEqual([
      "2026-11-23 am 2026-11-23T08:00:00.000Z–2026-11-23T11:30:00.000Z",
      "2026-11-23 pm 2026-11-23T12:30:00.000Z–2026-11-23T16:00:00.000Z",
    ]);
  });

  it("keeps a morning session, an afternoon session and an evening class whole", () => {
    expect(shape({ startsAt: at("2026-11-23T07:30:00Z"), endsAt: at("2026-11-23T11:30:00Z") })).toEqual([
      "2026-11-23 am 2026-11-23T07:30:00.000Z–2026-11-23T11:30:00.000Z",
    ]);
    expect(shape({ startsAt: at("2026-11-23T12:30:00Z"), endsAt: at("2026-11-23T16:30:00Z") })).toEqual([
      "2026-11-23 pm 2026-11-23T12:30:00.000Z–2026-11-23T16:30:00.000Z",
    ]);
    expect(
      halfDaysOf({ startsAt: at("2026-11-23T17:00:00Z"), endsAt: at("2026-11-23T20:30:00Z") }, paris),
    ).toEqual([expect.objectContaining({ period: "pm", date: "2026-11-23" })]);
  });

  it("uses the summer offset in summer", () => {
    // 9h00–17h00 Paris on 1 July is 07:00Z–15:00Z; lunch 12h30 is 10:30Z.
    const [am, pm] = halfDaysOf(
      { startsAt: at("2026-07-01T07:00:00Z"), endsAt: at("2026-07-01T15:00:00Z") },
      paris,
    );
    expect(am?.endsAt.toISOString()).toBe("2026-07-01T10:30:00.000Z");
    expect(pm?.startsAt.toISOString()).toBe("2026-07-01T11:30:00.000Z");
  });

  it("repeats the daily hours over a week and skips the weekend inside it", () => {
    // Thursday 26 November to Tuesday 1 December 2026, 9h00–17h00: Thu, Fri, Mon, Tue.
    const halfDays = halfDaysOf(
      { startsAt: at("2026-11-26T08:00:00Z"), endsAt: at("2026-12-01T16:00:00Z") },
      paris,
    );
    expect([...new Set(halfDays.map((h) => h.date))]).toEqual([
      "2026-11-26",
      "2026-11-27",
      "2026-11-30",
      "2026-12-01",
    ]);
    expect(halfDays).toHaveLength(8);
  });

  it("reads a day across the clock change with the right offsets", () => {
    // Sunday 25 October 2026, Paris goes from +2 to +1 at 3h00; 9h00 is 08:00Z.
    const [am] = halfDaysOf(
      { startsAt: at("2026-10-25T08:00:00Z"), endsAt: at("2026-10-25T11:00:00Z") },
      paris,
    );
    expect(am).toMatchObject({ date: "2026-10-25", period: "am" });
  });

  it("cuts a continuous span at local midnight and returns nothing for an empty one", () => {
    const night = halfDaysOf(
      { startsAt: at("2026-11-23T21:00:00Z"), endsAt: at("2026-11-24T05:00:00Z") },
      paris,
    );
    expect(night.map((h) => `${h.date} ${h.period}`)).toEqual(["2026-11-23 pm", "2026-11-24 am"]);
    expect(
      halfDaysOf({ startsAt: at("2026-11-23T10:00:00Z"), endsAt: at("2026-11-23T10:00:00Z") }, paris),
    ).toEqual([]);
  });
});
