import { describe, expect, it } from "vitest";
import { formatHours } from "./format";
import type { HalfDay } from "./half-days";
import { mergeIntervals } from "./intervals";
import { assessHalfDay, type PresenceRecord } from "./presence";

// Monday morning 8h30–12h30 in Paris (winter): 07:30Z–11:30Z.
const morning: HalfDay = {
  date: "2026-11-23",
  period: "am",
  startsAt: new Date("2026-11-23T07:30:00Z"),
  endsAt: new Date("2026-11-23T11:30:00Z"),
};
const t = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00Z`);
const after = t("18:00");
let n = 0;
const record = (r: Partial<PresenceRecord> & Pick<PresenceRecord, "startedAt">): PresenceRecord => ({
  id: `r${++n}`,
  source: "kiosk",
  status: "present",
  endedAt: null,
  createdAt: r.startedAt,
  ...r,
});
const hours = (ms: number) => ms / 3600_000;

describe("merging intervals", () => {
  it("joins overlapping and touching stretches and drops empty ones", () => {
    expect(
      mergeIntervals([
        { start: 5, end: 8 },
        { start: 1, end: 3 },
        { start: 3, end: 4 },
        { start: 6, end: 10 },
        { start: 12, end: 12 },
      ]),
    ).toEqual([
      { start: 1, end: 4 },
      { start: 5, end: 10 },
    ]);
  });
});

describe("a learner's presence for a half-day", () => {
  it("counts a kiosk logon inside the half-day only, not before it starts", () => {
    const logon = record({ startedAt: t("07:20"), endedAt: t("09:30") });
    const result = assessHalfDay(morning, [logon], after);
    expect(result.status).toBe("present");
    expect(hours(result.retainedMs)).toBe(2);
    expect(result.evidence).toEqual([logon]);
  });

  it("counts overlapping kiosk and remote records once", () => {
    const result = assessHalfDay(
      morning,
      [
        record({ startedAt: t("07:30"), endedAt: t("09:30") }),
        record({ startedAt: t("08:30"), endedAt: t("10:30"), source: "remote" }),
        record({ startedAt: t("08:00"), endedAt: t("08:45") }),
      ],
      after,
    );
    expect(hours(result.evidencedMs)).toBe(3);
    expect(result.evidence).toHaveLength(3);
  });

  it("counts an open logon up to now, and not beyond the half-day", () => {
    const open = record({ startedAt: t("07:30") });
    expect(hours(assessHalfDay(morning, [open], t("08:30")).retainedMs)).toBe(1);
    expect(assessHalfDay(morning, [open], t("08:30")).status).toBe("present");
    expect(hours(assessHalfDay(morning, [open], after).retainedMs)).toBe(4);
  });

  it("is pending while the half-day runs without evidence, upcoming before, absent after", () => {
    expect(assessHalfDay(morning, [], t("06:00")).status).toBe("upcoming");
    expect(assessHalfDay(morning, [], t("09:00")).status).toBe("pending");
    expect(assessHalfDay(morning, [], after)).toMatchObject({ status: "absent", retainedMs: 0 });
  });

  it("takes a signature (an instant) as evidence of its half-day, without hours", () => {
    const signed = record({ source: "signature", startedAt: t("07:35"), endedAt: t("07:35") });
    expect(assessHalfDay(morning, [signed], after)).toMatchObject({
      status: "present",
      evidencedMs: 0,
      confirmation: signed,
    });
  });

  it("takes the learner's confirmation given up to 30 minutes after the end (logout at 12:35), not later", () => {
    const atLogout = record({ source: "signature", startedAt: t("11:35"), endedAt: t("11:35") });
    const atLunch = record({ source: "signature", startedAt: t("12:00"), endedAt: t("12:00") });
    const early = record({ source: "signature", startedAt: t("07:29"), endedAt: t("07:29") });
    expect(assessHalfDay(morning, [atLogout], after).confirmation).toBe(atLogout);
    expect(assessHalfDay(morning, [atLunch, early], after)).toMatchObject({
      status: "absent",
      confirmation: undefined,
    });
  });

  it("keeps the first confirmation, beside the kiosk logon and under a trainer's correction", () => {
    const logon = record({ startedAt: t("07:30"), endedAt: t("11:31") });
    const first = record({ source: "signature", startedAt: t("11:31"), endedAt: t("11:31") });
    const second = record({ source: "signature", startedAt: t("11:40"), endedAt: t("11:40") });
    const absent = record({
      source: "trainer",
      status: "absent",
      startedAt: morning.startsAt,
      endedAt: morning.endsAt,
      createdAt: t("12:00"),
    });
    const result = assessHalfDay(morning, [second, logon, first, absent], after);
    expect(result).toMatchObject({ status: "absent", confirmation: first, correction: absent });
    expect(hours(result.evidencedMs)).toBe(4);
  });

  it("lets the trainer's latest correction win over the evidence", () => {
    const logon = record({ startedAt: t("07:30"), endedAt: t("08:00") });
    const correct = (status: "present" | "absent", createdAt: Date) =>
      record({ source: "trainer", status, startedAt: morning.startsAt, endedAt: morning.endsAt, createdAt });
    const absent = correct("absent", t("12:00"));
    expect(assessHalfDay(morning, [logon, absent], after)).toMatchObject({ status: "absent", retainedMs: 0 });
    const present = correct("present", t("13:00"));
    const result = assessHalfDay(morning, [logon, absent, present], after);
    expect(result).toMatchObject({ status: "present", correction: present });
    expect(hours(result.retainedMs)).toBe(4);
    expect(hours(result.evidencedMs)).toBe(0.5);
  });

  it("applies a correction entered before the half-day starts", () => {
    const ahead = record({
      source: "trainer",
      status: "absent",
      startedAt: morning.startsAt,
      endedAt: morning.endsAt,
      createdAt: t("05:00"),
    });
    expect(assessHalfDay(morning, [ahead], t("06:00")).status).toBe("absent");
  });

  it("ignores records of another half-day and absent-status evidence", () => {
    const afternoon = record({ startedAt: t("12:30"), endedAt: t("16:00") });
    const refused = record({ startedAt: t("08:00"), endedAt: t("09:00"), status: "absent" });
    expect(assessHalfDay(morning, [afternoon, refused], after).status).toBe("absent");
  });

  it("writes hours the French way", () => {
    expect(formatHours(3.5 * 3600_000)).toBe("3 h 30");
    expect(formatHours(0)).toBe("0 h 00");
    expect(formatHours(59_999 * 60)).toBe("1 h 00");
  });
});
