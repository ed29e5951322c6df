import { describe, expect, it } from "vitest";
import { findConflicts, type PlannedSession } from "./conflicts";
import { plannedMs } from "./session-days";
import { parseSessionInput } from "./session-input";
import { weekDays, weekOf } from "./week";

const paris = "Europe/Paris";
const room = "00000000-0000-4000-8000-000000000001";
const otherRoom = "00000000-0000-4000-8000-000000000002";
const trainer = "00000000-0000-4000-8000-000000000003";
const otherTrainer = "00000000-0000-4000-8000-000000000004";
const training = "00000000-0000-4000-8000-000000000005";

const fields = (over: Record<string, unknown> = {}) => ({
  trainingId: training,
  roomId: room,
  trainerId: trainer,
  masterVersionId: "",
  startDate: "2026-11-23",
  startTime: "09:00",
  endDate: "2026-11-23",
  endTime: "17:00",
  capacity: "12",
  ...over,
});

function session(id: string, start: string, end: string, over: Partial<PlannedSession> = {}): PlannedSession {
  return { id, roomId: room, trainerId: trainer, startsAt: new Date(start), endsAt: new Date(end), ...over };
}

describe("the planning form", () => {
  it("turns local dates and times into instants of the site's zone", () => {
    const parsed = parseSessionInput(fields(), paris);
    expect(parsed.startsAt.toISOString()).toBe("2026-11-23T08:00:00.000Z");
    expect(parsed.endsAt.toISOString()).toBe("2026-11-23T16:00:00.000Z");
    expect(parsed.masterVersionId).toBeNull();
    expect(parsed.capacity).toBe(12);
  });

  it("refuses dates in the wrong order on the end date", () => {
    expect(() => parseSessionInput(fields({ endDate: "2026-11-20" }), paris)).toThrow(
      expect.objectContaining({
        code: "invalid_input",
        issues: [{ path: "endDate", message: "la date de fin précède la date de début" }],
      }),
    );
  });

  it("refuses an end time before the start time, on one day or on each day", () => {
    const sameDay = () => parseSessionInput(fields({ endTime: "08:00" }), paris);
    expect(sameDay).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: "endTime" })] }),
    );
    const week = () => parseSessionInput(fields({ endDate: "2026-11-27", endTime: "09:00" }), paris);
    expect(week).toThrow(/chaque journée doit finir après son heure de début/);
  });

  it("names every malformed field at once", () => {
    try {
      parseSessionInput(
        fields({
          trainingId: "x",
          startDate: "2026-02-30",
          startTime: "25:00",
          capacity: "0",
          roomId: "pas-un-id",
        }),
        paris,
      );
      expect.unreachable();
    } catch (error) {
      const paths = (error as { issues: { path: string }[] }).issues.map((i) => i.path).sort();
      expect(paths).toEqual(["capacity", "roomId", "startDate", "startTime", "trainingId"]);
    }
  });

  it("refuses a session of more than 120 days", () => {
    expect(() => parseSessionInput(fields({ endDate: "2027-06-01" }), paris)).toThrow(/120 jours/);
  });
});

describe("room and trainer conflicts", () => {
  const monday = session("a", "2026-11-23T08:00:00Z", "2026-11-23T16:00:00Z");

  it("finds the same room at overlapping hours", () => {
    const candidate = {
      ...monday,
      id: undefined,
      trainerId: otherTrainer,
      startsAt: new Date("2026-11-23T15:00:00Z"),
    };
    expect(
      findConflicts({ ...candidate, endsAt: new Date("2026-11-23T18:00:00Z") }, [monday], paris),
    ).toEqual([{ kind: "room", session: monday }]);
  });

  it("finds the same trainer in another room, and both at once", () => {
    const elsewhere = { ...monday, id: "b", roomId: otherRoom };
    expect(findConflicts({ ...monday, id: "new" }, [elsewhere], paris)).toEqual([
      { kind: "trainer", session: elsewhere },
    ]);
    expect(findConflicts({ ...monday, id: "new" }, [monday], paris).map((c) => c.kind)).toEqual([
      "room",
      "trainer",
    ]);
  });

  it("lets back-to-back sessions and other rooms with other trainers be", () => {
    const afternoon = session("b", "2026-11-23T16:00:00Z", "2026-11-23T18:00:00Z");
    expect(findConflicts(afternoon, [monday], paris)).toEqual([]);
    const apart = session("c", "2026-11-23T08:00:00Z", "2026-11-23T16:00:00Z", {
      roomId: otherRoom,
      trainerId: otherTrainer,
    });
    expect(findConflicts(apart, [monday], paris)).toEqual([]);
  });

  it("does not compare a session with itself when it is edited", () => {
    expect(findConflicts(monday, [monday], paris)).toEqual([]);
  });

  it("compares a week-long session day by day", () => {
    const week = session("w", "2026-11-23T08:00:00Z", "2026-11-27T16:00:00Z");
    const evening = session("e", "2026-11-24T17:00:00Z", "2026-11-24T20:00:00Z", { trainerId: otherTrainer });
    const wednesday = session("m", "2026-11-25T13:00:00Z", "2026-11-25T15:00:00Z", {
      trainerId: otherTrainer,
    });
    expect(findConflicts(week, [evening, wednesday], paris)).toEqual([{ kind: "room", session: wednesday }]);
    expect(plannedMs(week, paris)).toBe(5 * 8 * 3600_000);
  });

  it("ignores the room for a remote session (no room)", () => {
    const remote = { ...monday, id: "r", roomId: null, trainerId: otherTrainer };
    expect(findConflicts(remote, [monday], paris)).toEqual([]);
  });
});

describe("the week calendar", () => {
  it("starts on Monday and has a 25-hour Sunday at the end of October", () => {
    expect(weekOf("2026-11-25")).toBe("2026-11-23");
    expect(weekOf("2026-11-29")).toBe("2026-11-23");
    const days = weekDays(weekOf("2026-10-25"), paris);
    expect(days[0]?.date).toBe("2026-10-19");
    const sunday = days[6]!;
    expect(sunday.endsAt.getTime() - sunday.startsAt.getTime()).toBe(25 * 3600_000);
  });
});
