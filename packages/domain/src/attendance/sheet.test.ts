import { describe, expect, it } from "vitest";
import { buildAttendanceSheet, currentHalfDayIndex, type SheetRecord } from "./sheet";

const session = { startsAt: new Date("2026-11-23T08:00:00Z"), endsAt: new Date("2026-11-23T16:00:00Z") };
const learners = [{ id: "lea" }, { id: "omar" }];
const record = (learnerId: string, from: string, to: string | null): SheetRecord => ({
  id: `${learnerId}-${from}`,
  learnerId,
  source: "kiosk",
  status: "present",
  startedAt: new Date(`2026-11-23T${from}:00Z`),
  endedAt: to ? new Date(`2026-11-23T${to}:00Z`) : null,
  createdAt: new Date(`2026-11-23T${from}:00Z`),
});

describe("the attendance sheet", () => {
  it("gives each learner a cell per half-day and totals the retained time", () => {
    const sheet = buildAttendanceSheet({
      session,
      timeZone: "Europe/Paris",
      learners,
      records: [
        record("lea", "07:55", "11:40"),
        record("lea", "12:25", null),
        record("omar", "09:00", "10:00"),
      ],
      validations: [{ date: "2026-11-23", period: "am" as const, by: "Fanny" }],
      now: new Date("2026-11-23T14:00:00Z"),
    });
    expect(sheet.halfDays.map((h) => [h.key, h.validation?.by])).toEqual([
      ["2026-11-23:am", "Fanny"],
      ["2026-11-23:pm", undefined],
    ]);
    expect(sheet.plannedMs).toBe(7 * 3600_000);
    const [lea, omar] = sheet.lines;
    expect(lea?.cells.map((c) => c.status)).toEqual(["present", "present"]);
    // Morning 08:00–11:30 from 07:55: 3 h 30; afternoon 12:30–14:00 (now): 1 h 30.
    expect(lea?.retainedMs).toBe(5 * 3600_000);
    expect(omar?.cells.map((c) => c.status)).toEqual(["present", "pending"]);
    expect(omar?.retainedMs).toBe(3600_000);
  });

  it("is an empty sheet for a session without learners, and knows the running half-day", () => {
    const sheet = buildAttendanceSheet({
      session,
      timeZone: "Europe/Paris",
      learners: [],
      records: [],
      validations: [],
      now: new Date("2026-11-23T09:00:00Z"),
    });
    expect(sheet.lines).toEqual([]);
    expect(currentHalfDayIndex(sheet.halfDays, new Date("2026-11-23T09:00:00Z"))).toBe(0);
    expect(currentHalfDayIndex(sheet.halfDays, new Date("2026-11-23T12:00:00Z"))).toBe(0);
    expect(currentHalfDayIndex(sheet.halfDays, new Date("2026-11-23T15:00:00Z"))).toBe(1);
  });
});
