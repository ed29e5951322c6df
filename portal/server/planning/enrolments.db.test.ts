import type { Database } from "@tremplin/db/client";
import { makeUsers } from "@tremplin/db/factories";
import { listSessionsBetween } from "@tremplin/db/queries/planning";
import { attendanceRecords, auditLog, enrolments } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { and, count, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLearnerToSession } from "./add-learner-to-session";
import { attendanceHours } from "./attendance-hours";
import { getSessionEnrolments } from "./get-session-enrolments";
import { removeLearnerFromSession } from "./remove-learner-from-session";
import { buildPlanningWorld, type PlanningWorld } from "./test-world";

let database: Database;
let w: PlanningWorld;
let sessionId: string;
const now = new Date("2026-11-20T10:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildPlanningWorld(database.db);
  // Capacity 2, in three days.
  sessionId = (
    await w.addSession({
      startsAt: new Date("2026-11-23T08:00:00Z"),
      endsAt: new Date("2026-11-23T16:00:00Z"),
      capacity: 2,
    })
  ).id;
});
afterAll(() => database.close());

const add = (learnerId: string, actor = w.it, id = sessionId) =>
  addLearnerToSession(database.db, { actor, sessionId: id, learnerId, now });
const remove = (learnerId: string, actor = w.it) =>
  removeLearnerFromSession(database.db, { actor, sessionId, learnerId, now });
const live = () =>
  database.db
    .select({ learnerId: enrolments.learnerId, status: enrolments.status })
    .from(enrolments)
    .where(and(eq(enrolments.sessionId, sessionId), ne(enrolments.status, "cancelled")));

const mails = () => w.queuedMails(sessionId);

describe("IT manages a session's learners", () => {
  it("adds learners up to the capacity, then refuses with the count", async () => {
    expect(await add(w.learners.lea.id)).toEqual({ learnerName: "Léa André", outcome: "enrolled" });
    expect(await add(w.learners.lea.id)).toEqual({ learnerName: "Léa André", outcome: "already_enrolled" });
    await add(w.learners.omar.id);
    await expect(add(w.learners.chloe.id)).rejects.toMatchObject({
      code: "conflict",
      message: "Session complète (2 / 2 places) : retirez un stagiaire ou augmentez la capacité.",
    });
    expect((await live()).map((e) => e.learnerId).sort()).toEqual(
      [w.learners.lea.id, w.learners.omar.id].sort(),
    );
    // Each learner added is told once; the double submit and the refusal queue nothing.
    expect(await mails()).toEqual([
      { learnerId: w.learners.lea.id, kind: "enrolled" },
      { learnerId: w.learners.omar.id, kind: "enrolled" },
    ]);
  });

  it("gives the freed seat to the first on the waiting list", async () => {
    await w.enrol(sessionId, [w.learners.elodie.id], "waitlisted");
    await database.db
      .update(enrolments)
      .set({ waitlistedAt: new Date("2026-11-10T00:00:00Z") })
      .where(eq(enrolments.learnerId, w.learners.elodie.id));
    await w.enrol(sessionId, [w.learners.zoe.id], "waitlisted");
    await database.db
      .update(enrolments)
      .set({ waitlistedAt: new Date("2026-11-12T00:00:00Z") })
      .where(eq(enrolments.learnerId, w.learners.zoe.id));
    expect(await remove(w.learners.omar.id)).toEqual({
      learnerName: "Omar Benali",
      wasEnrolled: true,
      promoted: "Élodie Durand",
    });
    const statuses = Object.fromEntries((await live()).map((e) => [e.learnerId, e.status]));
    expect(statuses).toEqual({
      [w.learners.lea.id]: "enrolled",
      [w.learners.elodie.id]: "enrolled",
      [w.learners.zoe.id]: "waitlisted",
    });
    expect((await mails()).slice(2)).toEqual([
      { learnerId: w.learners.omar.id, kind: "cancelled" },
      { learnerId: w.learners.elodie.id, kind: "promoted" },
    ]);
    expect(await remove(w.learners.omar.id)).toMatchObject({ wasEnrolled: false, promoted: null });
    expect(await mails()).toHaveLength(4);
    const actions = (await database.db.select().from(auditLog).where(eq(auditLog.entityId, sessionId))).map(
      (a) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(["enrolment.created", "enrolment.cancelled", "enrolment.promoted"]),
    );
  });

  it("promotes nobody once the session has started, as when a learner cancels", async () => {
    const started = await w.addSession({
      startsAt: new Date("2026-11-20T08:00:00Z"),
      endsAt: new Date("2026-11-20T16:00:00Z"),
      capacity: 1,
    });
    await w.enrol(started.id, [w.learners.lea.id], "enrolled");
    await w.enrol(started.id, [w.learners.zoe.id], "waitlisted");
    const result = await removeLearnerFromSession(database.db, {
      actor: w.it,
      sessionId: started.id,
      learnerId: w.learners.lea.id,
      now,
    });
    expect(result).toEqual({ learnerName: "Léa André", wasEnrolled: true, promoted: null });
    const [zoe] = await database.db
      .select({ status: enrolments.status })
      .from(enrolments)
      .where(and(eq(enrolments.sessionId, started.id), eq(enrolments.learnerId, w.learners.zoe.id)));
    expect(zoe?.status).toBe("waitlisted");
    expect(await w.queuedMails(started.id)).toEqual([{ learnerId: w.learners.lea.id, kind: "cancelled" }]);
  });

  it("lets only one of two simultaneous additions take the last seat", async () => {
    await remove(w.learners.elodie.id); // Zoé is promoted: full again.
    await remove(w.learners.zoe.id); // one seat left
    const results = await Promise.allSettled([add(w.learners.chloe.id), add(w.learners.omar.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    expect(await live()).toHaveLength(2);
  });

  it("never seats more than the capacity when many additions race for few seats", async () => {
    const crowd = await makeUsers(
      database.db,
      Array.from({ length: 12 }, (_, i) => ({ username: `foule${i}.${w.tag}`, displayName: `Foule ${i}` })),
    );
    const small = await w.addSession({
      startsAt: new Date("2026-11-24T08:00:00Z"),
      endsAt: new Date("2026-11-24T16:00:00Z"),
      roomId: w.roomB.id,
      capacity: 3,
    });
    const results = await Promise.allSettled(crowd.map((u) => add(u.id, w.it, small.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(
      results
        .filter((r) => r.status === "rejected")
        .every((r) => (r as PromiseRejectedResult).reason.code === "conflict"),
    ).toBe(true);
    const seated = await database.db
      .select({ n: count() })
      .from(enrolments)
      .where(and(eq(enrolments.sessionId, small.id), eq(enrolments.status, "enrolled")));
    expect(seated[0]?.n).toBe(3);
  });

  it("refuses a past or cancelled session, an unknown learner, and anyone but IT", async () => {
    const past = await w.addSession({
      startsAt: new Date("2026-11-01T08:00:00Z"),
      endsAt: new Date("2026-11-01T16:00:00Z"),
      roomId: w.roomB.id,
    });
    await expect(add(w.learners.chloe.id, w.it, past.id)).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("terminée"),
    });
    await expect(add(crypto.randomUUID())).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "learnerId" }],
    });
    await expect(add(w.it.id)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(add(w.learners.chloe.id, w.trainer)).rejects.toMatchObject({ code: "forbidden" });
    await expect(remove(w.learners.lea.id, w.learnerActor)).rejects.toMatchObject({ code: "forbidden" });
    await expect(getSessionEnrolments(database.db, { actor: w.trainer, sessionId })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("lists the enrolments and finds learners to add, not those already in", async () => {
    const page = await getSessionEnrolments(database.db, { actor: w.it, sessionId, query: w.tag });
    // Five learners of the world and the crowd of twelve, less the two enrolled here.
    expect(page.enrolments.length).toBe(2);
    const ids = new Set(page.enrolments.map((e) => e.learnerId));
    expect(page.candidates.every((c) => !ids.has(c.id))).toBe(true);
    expect(page.candidates.length).toBe(5 - 2 + 12);
    const percent = await getSessionEnrolments(database.db, { actor: w.it, sessionId, query: "%%" });
    expect(percent.candidates).toEqual([]);
  });
});

describe("attendance hours for the charts", () => {
  it("sums retained hours per session and per week, as the sheet counts them", async () => {
    const s = await w.addSession({
      startsAt: new Date("2026-11-16T08:00:00Z"),
      endsAt: new Date("2026-11-16T16:00:00Z"),
      roomId: w.roomB.id,
    });
    await w.enrol(s.id, [w.learners.lea.id, w.learners.omar.id]);
    await database.db.insert(attendanceRecords).values([
      {
        sessionId: s.id,
        learnerId: w.learners.lea.id,
        source: "kiosk",
        startedAt: new Date("2026-11-16T08:00:00Z"),
        endedAt: new Date("2026-11-16T11:30:00Z"),
      },
      {
        sessionId: s.id,
        learnerId: w.learners.lea.id,
        source: "remote",
        startedAt: new Date("2026-11-16T09:00:00Z"),
        endedAt: new Date("2026-11-16T10:00:00Z"),
      },
      {
        sessionId: s.id,
        learnerId: w.learners.omar.id,
        source: "kiosk",
        startedAt: new Date("2026-11-16T12:30:00Z"),
        endedAt: new Date("2026-11-16T14:30:00Z"),
      },
    ]);
    const rows = await listSessionsBetween(database.db, {
      from: new Date("2026-11-16T00:00:00Z"),
      to: new Date("2026-11-17T00:00:00Z"),
    });
    const { perSession, perWeek } = await attendanceHours(database.db, { sessions: rows, now });
    const mine = perSession.find((p) => p.session.id === s.id)!;
    expect(mine.retainedMs).toBe(5.5 * 3600_000);
    expect(mine.plannedMs).toBe(2 * 7 * 3600_000);
    expect(perWeek.get("2026-11-16")?.retainedMs).toBe(5.5 * 3600_000);
  });
});
