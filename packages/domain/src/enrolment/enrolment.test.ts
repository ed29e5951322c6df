import { describe, expect, it } from "vitest";
import { parseCatalogueQuery } from "./catalogue-query";
import { findOverlappingSession } from "./overlap";
import {
  assertCancellable,
  cancellationRefusal,
  decideSelfEnrolment,
  missingPrerequisiteCodes,
  type SessionFacts,
} from "./self-enrolment";
import { planPromotions } from "./waiting-list";

const now = new Date("2026-11-20T10:00:00Z");
const session = (over: Partial<SessionFacts> = {}): SessionFacts => ({
  startsAt: new Date("2026-11-23T08:00:00Z"),
  endsAt: new Date("2026-11-23T16:00:00Z"),
  cancelledAt: null,
  capacity: 2,
  seatsTaken: 0,
  waiting: 0,
  ...over,
});
const decide = (
  over: Partial<SessionFacts> = {},
  extra: Partial<Parameters<typeof decideSelfEnrolment>[0]> = {},
) =>
  decideSelfEnrolment({
    session: session(over),
    existingStatus: undefined,
    missingPrerequisites: [],
    now,
    ...extra,
  });

describe("self-enrolment", () => {
  it("gives a seat while there is one, then a place on the waiting list", () => {
    expect(decide({ seatsTaken: 1 })).toEqual({ kind: "enrol" });
    expect(decide({ seatsTaken: 2 })).toEqual({ kind: "waitlist", position: 1 });
    expect(decide({ seatsTaken: 2, waiting: 3 })).toEqual({ kind: "waitlist", position: 4 });
  });

  it("refuses past, started and cancelled sessions with a sentence to act on", () => {
    expect(() => decide({ endsAt: now, startsAt: new Date("2026-11-20T08:00:00Z") })).toThrow(
      "Cette session est terminée : choisissez une session à venir.",
    );
    expect(() => decide({ startsAt: new Date("2026-11-20T09:00:00Z") })).toThrow(/a déjà commencé/);
    expect(() => decide({ cancelledAt: now })).toThrow(/annulée/);
  });

  it("refuses a second enrolment, whether seated or waiting", () => {
    expect(() => decide({}, { existingStatus: "enrolled" })).toThrow(
      "Vous êtes déjà inscrit(e) à cette session.",
    );
    expect(() => decide({}, { existingStatus: "waitlisted" })).toThrow(/déjà sur la liste d'attente/);
  });

  it("names the missing prerequisites", () => {
    expect(() =>
      decide(
        {},
        { missingPrerequisites: [{ code: "COMPTA-01", title: "Les fondamentaux de la comptabilité" }] },
      ),
    ).toThrow(
      "Prérequis non rempli : terminez d'abord la formation « Les fondamentaux de la comptabilité » (COMPTA-01).",
    );
    expect(missingPrerequisiteCodes(["COMPTA-01", "BUR-02"], ["compta-01"])).toEqual(["BUR-02"]);
  });

  it("lets a learner cancel until the session starts", () => {
    expect(() =>
      assertCancellable({ status: "enrolled", sessionStartsAt: session().startsAt, now }),
    ).not.toThrow();
    expect(() => assertCancellable({ status: "waitlisted", sessionStartsAt: null, now })).not.toThrow();
    expect(() => assertCancellable({ status: "enrolled", sessionStartsAt: now, now })).toThrow(/a commencé/);
    expect(() => assertCancellable({ status: "cancelled", sessionStartsAt: null, now })).toThrow(
      /déjà annulée/,
    );
    expect(cancellationRefusal({ status: "completed", sessionStartsAt: null, now })).toMatch(/terminée/);
    expect(
      cancellationRefusal({ status: "waitlisted", sessionStartsAt: session().startsAt, now }),
    ).toBeNull();
  });
});

describe("waiting list", () => {
  const w = (id: string, minutes: number) => ({
    id,
    waitlistedAt: new Date(now.getTime() - 3_600_000 + minutes * 60_000),
    createdAt: new Date(now.getTime() - 7_200_000),
  });
  const plan = (seatsTaken: number, over: Partial<Parameters<typeof planPromotions>[0]> = {}) =>
    planPromotions({
      capacity: 3,
      seatsTaken,
      waiting: [w("c", 30), w("a", 10), w("b", 20)],
      session: { startsAt: session().startsAt, cancelledAt: null },
      now,
      ...over,
    });
  it("promotes in the order learners joined, as many as seats are free", () => {
    expect(plan(2)).toEqual(["a"]);
    expect(plan(0)).toEqual(["a", "b", "c"]);
    expect(plan(3)).toEqual([]);
    expect(plan(5)).toEqual([]);
  });
  it("promotes nobody into a session that started or was cancelled", () => {
    expect(plan(0, { now: session().startsAt })).toEqual([]);
    expect(plan(0, { session: { startsAt: session().startsAt, cancelledAt: now } })).toEqual([]);
  });
});

describe("catalogue search", () => {
  it("treats blank fields as no filter", () => {
    expect(parseCatalogueQuery({ q: "  ", domain: "", modality: "remote" })).toEqual({
      query: { modality: "remote" },
      issues: [],
    });
  });
  it("reports dates in the wrong order and keeps the other filters", () => {
    const { query, issues } = parseCatalogueQuery({ q: "paie", from: "2026-12-10", to: "2026-12-01" });
    expect(issues).toEqual([{ path: "to", message: "la date de fin précède la date de début" }]);
    expect(query).toEqual({ q: "paie" });
  });
  it("refuses an over-long search and a malformed date", () => {
    const { query, issues } = parseCatalogueQuery({ q: "x".repeat(101), from: "2026-02-30", site: "nope" });
    expect(issues.map((i) => i.path).sort()).toEqual(["from", "q", "site"]);
    expect(query).toEqual({});
  });
});

describe("findOverlappingSession", () => {
  const at = (h: number) => new Date(Date.UTC(2026, 11, 7, h));
  const held = (id: string, from: number, to: number, isCancelled = false) => ({
    sessionId: id,
    trainingTitle: `Formation ${id}`,
    startsAt: at(from),
    endsAt: at(to),
    isCancelled,
    timeZone: "UTC",
  });
  const target = { sessionId: "t", startsAt: at(9), endsAt: at(12) };

  it("names the session held at the same time", () => {
    expect(findOverlappingSession(target, [held("a", 13, 17), held("b", 11, 14)])?.sessionId).toBe("b");
  });
  it("ignores back-to-back sessions, cancelled ones and the target itself", () => {
    expect(
      findOverlappingSession(target, [held("a", 12, 17), held("b", 8, 10, true), held("t", 9, 12)]),
    ).toBeUndefined();
  });
});
