import type { Database } from "@tremplin/db/client";
import { auditLog, enrolments, sessions } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelSession } from "./cancel-session";
import { createSession } from "./create-session";
import { getPlanningWeek } from "./get-planning-week";
import { buildPlanningWorld, type PlanningWorld } from "./test-world";
import { updateSession } from "./update-session";

let database: Database;
let w: PlanningWorld;
const now = new Date("2026-11-20T10:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildPlanningWorld(database.db);
});
afterAll(() => database.close());

const form = (over: Record<string, unknown> = {}) => ({
  trainingId: w.training.id,
  roomId: w.roomA.id,
  trainerId: w.trainer.id,
  masterVersionId: w.masterVersion.id,
  startDate: "2026-11-23",
  startTime: "09:00",
  endDate: "2026-11-23",
  endTime: "17:00",
  capacity: "4",
  ...over,
});
const create = (over: Record<string, unknown> = {}, actor = w.it) =>
  createSession(database.db, { actor, fields: form(over), now });
const update = (id: string, over: Record<string, unknown>, actor = w.it) =>
  updateSession(database.db, { actor, sessionId: id, fields: form(over), now });
const sessionCount = async () => (await database.db.select({ n: count() }).from(sessions))[0]!.n;

describe("planning a session", () => {
  it("creates a session in the room's zone and audits it", async () => {
    const { id, version } = await create();
    expect(version).toBe(1);
    const [row] = await database.db.select().from(sessions).where(eq(sessions.id, id));
    expect(row).toMatchObject({
      startsAt: new Date("2026-11-23T08:00:00Z"),
      endsAt: new Date("2026-11-23T16:00:00Z"),
      capacity: 4,
    });
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit).toMatchObject({
      action: "session.created",
      actorId: w.it.id,
      details: expect.objectContaining({ room: "Salle Jaurès" }),
    });
  });

  it("refuses the same room at overlapping hours, naming the session in the way, and writes nothing", async () => {
    const before = await sessionCount();
    const error = await create({ trainerId: w.otherTrainer.id, startTime: "16:00", endTime: "18:00" }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ code: "conflict", issues: [expect.objectContaining({ path: "roomId" })] });
    expect(error.message).toBe(
      "La salle Jaurès est déjà occupée le lundi 23 novembre 2026 de 9h00 à 17h00 par « Excel : tableaux croisés dynamiques » (Isabelle Fabre).",
    );
    expect(await sessionCount()).toBe(before);
  });

  it("refuses the same trainer in another room, and accepts back-to-back sessions", async () => {
    await expect(create({ roomId: w.roomB.id, startTime: "08:00", endTime: "10:00" })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining(
        "Isabelle Fabre anime déjà « Excel : tableaux croisés dynamiques » le lundi 23 novembre 2026",
      ),
      issues: [expect.objectContaining({ path: "trainerId" })],
    });
    await expect(create({ startTime: "17:00", endTime: "19:00" })).resolves.toMatchObject({ version: 1 });
  });

  it("refuses the same form sent twice (a double submit is a conflict with itself)", async () => {
    const fields = { startDate: "2026-11-25", endDate: "2026-11-25" };
    const results = await Promise.allSettled([create(fields), create(fields)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
  });

  it("refuses dates in the wrong order, a capacity the room cannot seat, unknown or wrong people", async () => {
    const before = await sessionCount();
    await expect(create({ startDate: "2026-12-01", endDate: "2026-11-30" })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "endDate", message: "la date de fin précède la date de début" }],
    });
    await expect(
      create({ startDate: "2026-12-01", endDate: "2026-12-01", capacity: "5" }),
    ).rejects.toMatchObject({
      issues: [{ path: "capacity", message: expect.stringContaining("compte 4 postes") }],
    });
    await expect(
      create({ startDate: "2026-12-01", endDate: "2026-12-01", trainerId: w.it.id }),
    ).rejects.toMatchObject({
      issues: [{ path: "trainerId", message: expect.any(String) }],
    });
    await expect(
      create({
        startDate: "2026-12-01",
        endDate: "2026-12-01",
        trainingId: crypto.randomUUID(),
        roomId: crypto.randomUUID(),
      }),
    ).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: "trainingId" }), expect.objectContaining({ path: "roomId" })],
    });
    await expect(create({ startDate: "x".repeat(10_000) })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await sessionCount()).toBe(before);
  });

  it("is for IT only", async () => {
    for (const actor of [w.trainer, w.learnerActor, w.auditor]) {
      await expect(create({ startDate: "2026-12-02", endDate: "2026-12-02" }, actor)).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(getPlanningWeek(database.db, { actor, now })).rejects.toMatchObject({ code: "forbidden" });
    }
  });
});

describe("editing a session", () => {
  it("saves with the version read, and refuses a second save based on the same version", async () => {
    const { id } = await create({ startDate: "2026-12-07", endDate: "2026-12-07" });
    const first = await update(id, {
      startDate: "2026-12-07",
      endDate: "2026-12-07",
      endTime: "16:00",
      version: "1",
    });
    expect(first.version).toBe(2);
    const error = await update(id, {
      startDate: "2026-12-07",
      endDate: "2026-12-07",
      capacity: "2",
      version: "1",
    }).catch((e) => e);
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(
      /^Quelqu'un d'autre a modifié cette session entre-temps \(Sophie Garcia \(s\.garcia\.\w+\), le 20\/11\/2026 à 11h00\)/,
    );
    const [row] = await database.db.select().from(sessions).where(eq(sessions.id, id));
    expect(row).toMatchObject({ version: 2, capacity: 4, endsAt: new Date("2026-12-07T15:00:00Z") });
  });

  it("lets only one of two simultaneous edits of the same version win", async () => {
    const { id } = await create({ startDate: "2026-12-08", endDate: "2026-12-08" });
    const results = await Promise.allSettled([
      update(id, { startDate: "2026-12-08", endDate: "2026-12-08", capacity: "3", version: "1" }),
      update(id, { startDate: "2026-12-08", endDate: "2026-12-08", capacity: "2", version: "1" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    const [row] = await database.db.select().from(sessions).where(eq(sessions.id, id));
    expect(row?.version).toBe(2);
  });

  it("refuses moving a session onto another one, and a capacity below the learners enrolled", async () => {
    const { id } = await create({ startDate: "2026-12-09", endDate: "2026-12-09" });
    await w.enrol(id, [w.learners.lea.id, w.learners.omar.id, w.learners.chloe.id]);
    await expect(
      update(id, { startDate: "2026-12-09", endDate: "2026-12-09", capacity: "2", version: "1" }),
    ).rejects.toMatchObject({
      issues: [{ path: "capacity", message: "au moins 3 places (stagiaires déjà inscrits)" }],
    });
    await expect(
      update(id, { startDate: "2026-11-23", endDate: "2026-11-23", version: "1" }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    const [row] = await database.db.select().from(sessions).where(eq(sessions.id, id));
    expect(row?.version).toBe(1);
  });

  it("gives added seats to the waiting list and tells the learners when the hours change", async () => {
    const day = { startDate: "2026-12-14", endDate: "2026-12-14" };
    const { id } = await create({ ...day, capacity: "1" });
    const [lea, omar] = [w.learners.lea.id, w.learners.omar.id];
    await w.enrol(id, [lea]);
    await w.enrol(id, [omar], "waitlisted");
    await update(id, { ...day, capacity: "2", version: "1" });
    expect(await w.queuedMails(id)).toEqual([{ learnerId: omar, kind: "promoted" }]);
    const statuses = await database.db
      .select({ status: enrolments.status })
      .from(enrolments)
      .where(eq(enrolments.learnerId, omar));
    expect(statuses.map((e) => e.status)).toContain("enrolled");
    await update(id, { ...day, capacity: "2", startTime: "10:00", version: "2" });
    expect((await w.queuedMails(id)).slice(1)).toEqual([
      { learnerId: lea, kind: "session_changed" },
      { learnerId: omar, kind: "session_changed" },
    ]);
    // Nothing that matters to a learner changed: nobody is told.
    await update(id, { ...day, capacity: "3", startTime: "10:00", version: "3" });
    expect(await w.queuedMails(id)).toHaveLength(3);
  });

  it("cancels with a reason, which frees the room and the trainer and tells the learners", async () => {
    const { id } = await create({ startDate: "2026-12-10", endDate: "2026-12-10" });
    await w.enrol(id, [w.learners.lea.id]);
    await w.enrol(id, [w.learners.omar.id], "waitlisted");
    await expect(
      cancelSession(database.db, { actor: w.it, sessionId: id, fields: { version: "1", reason: "" }, now }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      cancelSession(database.db, {
        actor: w.trainer,
        sessionId: id,
        fields: { version: "1", reason: "Formateur malade" },
        now,
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await cancelSession(database.db, {
      actor: w.it,
      sessionId: id,
      fields: { version: "1", reason: "Formateur malade" },
      now,
    });
    expect(await w.queuedMails(id)).toEqual([
      { learnerId: w.learners.lea.id, kind: "session_cancelled" },
      { learnerId: w.learners.omar.id, kind: "session_cancelled" },
    ]);
    await expect(create({ startDate: "2026-12-10", endDate: "2026-12-10" })).resolves.toMatchObject({
      version: 1,
    });
    await expect(
      update(id, { startDate: "2026-12-11", endDate: "2026-12-11", version: "2" }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("annulée"),
    });
  });
});

describe("the planning week", () => {
  it("places each session on its days, Monday first", async () => {
    const week = await getPlanningWeek(database.db, { actor: w.it, day: "2026-11-25", now });
    expect(week.monday).toBe("2026-11-23");
    expect(week.calendar.map((d) => d.date)).toEqual([
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
    ]);
    expect(week.calendar[0]?.sessions.map((s) => s.session.trainerName)).toEqual([
      "Isabelle Fabre",
      "Isabelle Fabre",
    ]);
    expect(week.calendar[2]?.sessions).toHaveLength(1);
    expect(week.weekHours).toHaveLength(8);
    expect(week.choices.trainers.map((t) => t.name)).toEqual(
      expect.arrayContaining(["Isabelle Fabre", "Olivier Marty"]),
    );
  });
});
