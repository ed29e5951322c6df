import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ScheduledSession } from "../device/schedule";
import { decideLogin, type LoginPolicyInput } from "./login-policy";
import { currentAndNext, frenchTime } from "./session-window";

const tz = "Europe/Paris";
const grace = { beforeMinutes: 15, afterMinutes: 10 };

function session(
  overrides: Partial<ScheduledSession> & { startsAt: string; endsAt: string },
): ScheduledSession {
  return {
    id: randomUUID(),
    trainingTitle: "Bureautique",
    trainerUsername: "f.martin",
    enrolledUsernames: ["a.dupont", "B.Durand"],
    master: { name: "win11-bureautique", version: "3" },
    ...overrides,
  };
}

// 09:00–12:30 and 14:00–17:30 Paris time on 2026-11-23 (UTC+1).
const morning = session({ startsAt: "2026-11-23T08:00:00Z", endsAt: "2026-11-23T11:30:00Z" });
const afternoon = session({
  trainingTitle: "Comptabilité",
  startsAt: "2026-11-23T13:00:00Z",
  endsAt: "2026-11-23T16:30:00Z",
  trainerUsername: "c.roux",
  enrolledUsernames: ["c.petit", "a.dupont"],
});
const schedule = { timezone: tz, sessions: [afternoon, morning] };

function decide(over: Partial<LoginPolicyInput>) {
  return decideLogin({ schedule, username: "a.dupont", isTrainer: false, now: new Date(), grace, ...over });
}

describe("decideLogin", () => {
  it("lets an enrolled learner in during the session, whatever the case of the name", () => {
    const d = decide({ username: "b.durand", now: new Date("2026-11-23T10:00:00Z") });
    expect(d).toEqual({ allowed: true, role: "learner", session: morning });
  });

  it("opens the door at start minus the grace, not a minute before", () => {
    expect(decide({ now: new Date("2026-11-23T07:45:00Z") }).allowed).toBe(true);
    const early = decide({ now: new Date("2026-11-23T07:44:59Z") });
    expect(early).toMatchObject({ allowed: false, code: "too_early" });
    if (!early.allowed) expect(early.reason).toContain("à partir de 8h45");
  });

  it("keeps the door open for the grace after the end, then closes it", () => {
    expect(decide({ now: new Date("2026-11-23T11:39:59Z") }).allowed).toBe(true);
    const late = decide({ username: "b.durand", now: new Date("2026-11-23T11:40:00Z") });
    expect(late).toMatchObject({ allowed: false, code: "no_session_now" });
    if (!late.allowed) expect(late.reason).toContain("« Comptabilité » à 14h00");
  });

  it("refuses someone not enrolled in the session running now, naming it", () => {
    const d = decide({ username: "z.inconnu", now: new Date("2026-11-23T10:00:00Z") });
    expect(d).toMatchObject({ allowed: false, code: "not_enrolled" });
    if (!d.allowed) expect(d.reason).toContain("« Bureautique », 9h00–12h30");
  });

  it("picks the running session when two overlap through their grace", () => {
    const d = decide({ now: new Date("2026-11-23T12:50:00Z") });
    expect(d).toMatchObject({ allowed: true, session: { id: afternoon.id } });
    const back = session({ startsAt: "2026-11-23T11:30:00Z", endsAt: "2026-11-23T12:00:00Z" });
    const both = decide({
      schedule: { timezone: tz, sessions: [back, morning] },
      now: new Date("2026-11-23T11:31:00Z"),
    });
    expect(both).toMatchObject({ allowed: true, session: { id: back.id } });
  });

  it("always lets a trainer in, on the session open now or else the next one", () => {
    const now = new Date("2026-11-23T12:00:00Z");
    expect(decide({ username: "x.prof", isTrainer: true, now })).toMatchObject({
      allowed: true,
      role: "trainer",
      session: { id: afternoon.id },
    });
    expect(decide({ username: "F.Martin", now: new Date("2026-11-23T09:00:00Z") })).toMatchObject({
      role: "trainer",
      session: { id: morning.id },
    });
    expect(decide({ username: "x.prof", isTrainer: true, schedule: undefined })).toEqual({
      allowed: true,
      role: "trainer",
      session: null,
    });
  });

  it("refuses learners while no schedule was ever received", () => {
    const d = decide({ schedule: undefined });
    expect(d).toMatchObject({ allowed: false, code: "no_schedule" });
  });

  it("does not mention tomorrow's session as today's next one", () => {
    const tomorrow = session({ startsAt: "2026-11-24T08:00:00Z", endsAt: "2026-11-24T11:00:00Z" });
    const d = decide({
      username: "z.inconnu",
      schedule: { timezone: tz, sessions: [tomorrow] },
      now: new Date("2026-11-23T17:00:00Z"),
    });
    expect(d).toEqual({
      allowed: false,
      code: "no_session_now",
      reason: "Aucune session n'est prévue dans cette salle en ce moment.",
    });
  });
});

describe("currentAndNext", () => {
  it("gives the open session and the next one", () => {
    const r = currentAndNext(schedule.sessions, new Date("2026-11-23T10:00:00Z"), grace);
    expect(r.current?.id).toBe(morning.id);
    expect(r.next?.id).toBe(afternoon.id);
  });

  it("formats times the French way in the site's zone", () => {
    expect(frenchTime("2026-07-01T07:05:00Z", tz)).toBe("9h05");
  });
});
