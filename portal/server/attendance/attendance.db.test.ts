import type { Database } from "@tremplin/db/client";
import { attendanceRecords, auditLog } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPlanningWorld, type PlanningWorld } from "@/server/planning/test-world";
import { correctPresence } from "./correct-presence";
import { getSessionAttendance } from "./get-session-attendance";
import { listTrainerSessions } from "./list-trainer-sessions";
import { saveSessionNotes } from "./save-session-notes";
import { validateHalfDay } from "./validate-half-day";

let database: Database;
let w: PlanningWorld;
let sessionId: string;
// Monday 23 November 2026, 9h00–17h00 in Paris (08:00Z–16:00Z): morning and afternoon.
const startsAt = new Date("2026-11-23T08:00:00Z");
const endsAt = new Date("2026-11-23T16:00:00Z");
const now = new Date("2026-11-23T14:00:00Z");
const z = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00Z`);

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildPlanningWorld(database.db);
  const session = await w.addSession({ startsAt, endsAt });
  sessionId = session.id;
  const { lea, omar, chloe } = w.learners;
  await w.enrol(sessionId, [lea.id, omar.id, chloe.id]);
  await database.db.insert(attendanceRecords).values([
    {
      sessionId,
      learnerId: lea.id,
      source: "kiosk",
      kioskId: w.postA1.id,
      startedAt: z("07:55"),
      endedAt: z("11:40"),
      endReason: "logout",
    },
    { sessionId, learnerId: lea.id, source: "kiosk", kioskId: w.postA2.id, startedAt: z("12:25") },
    { sessionId, learnerId: omar.id, source: "remote", startedAt: z("09:00"), endedAt: z("10:00") },
  ]);
});
afterAll(() => database.close());

const attendance = (actor = w.trainer, at = now) =>
  getSessionAttendance(database.db, { actor, sessionId, now: at });
const correctionsOf = (learnerId: string) =>
  database.db
    .select()
    .from(attendanceRecords)
    .where(and(eq(attendanceRecords.learnerId, learnerId), eq(attendanceRecords.source, "trainer")));

describe("a trainer's sessions and live presence", () => {
  it("lists today's sessions of the trainer only", async () => {
    const other = await w.addSession({
      startsAt: z("08:00"),
      endsAt: z("11:00"),
      roomId: w.roomB.id,
      trainerId: w.otherTrainer.id,
    });
    const mine = await listTrainerSessions(database.db, { actor: w.trainer, now });
    expect(mine.today.map((s) => s.id)).toEqual([sessionId]);
    const theirs = await listTrainerSessions(database.db, { actor: w.otherTrainer, now });
    expect(theirs.today.map((s) => s.id)).toEqual([other.id]);
    await expect(listTrainerSessions(database.db, { actor: w.learnerActor, now })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("shows who is on which post since when, remote activity, and each half-day's status", async () => {
    const a = await attendance();
    expect(a.canEdit).toBe(true);
    expect(a.sheet.halfDays.map((h) => h.key)).toEqual(["2026-11-23:am", "2026-11-23:pm"]);
    expect(a.currentHalfDay).toBe(1);
    const { lea, omar, chloe } = w.learners;
    expect(a.live.get(lea.id)?.onPost).toEqual({ label: w.postA2.label, since: z("12:25") });
    expect(a.live.get(chloe.id)?.onPost).toBeUndefined();
    expect(a.live.get(omar.id)?.remote).toMatchObject({
      onlineSince: undefined,
      lastSpan: { from: z("09:00"), to: z("10:00") },
    });
    expect(a.live.get(chloe.id)?.remote).toBeUndefined();
    const byName = new Map(a.sheet.lines.map((l) => [l.learner.id, l]));
    expect(byName.get(lea.id)?.cells.map((c) => c.status)).toEqual(["present", "present"]);
    // Morning 08:00Z–11:30Z from 07:55Z = 3 h 30; afternoon 12:30Z–14:00Z (now) = 1 h 30.
    expect(byName.get(lea.id)?.retainedMs).toBe(5 * 3600_000);
    expect(byName.get(omar.id)?.cells.map((c) => c.status)).toEqual(["present", "pending"]);
    expect(byName.get(chloe.id)?.cells.map((c) => c.status)).toEqual(["absent", "pending"]);
  });

  it("hides another trainer's session and a learner's view as not found; IT and auditors read only", async () => {
    await expect(attendance(w.otherTrainer)).rejects.toMatchObject({ code: "not_found" });
    await expect(attendance(w.learnerActor)).rejects.toMatchObject({ code: "not_found" });
    await expect(
      getSessionAttendance(database.db, { actor: w.trainer, sessionId: "pas-un-uuid", now }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect((await attendance(w.it)).canEdit).toBe(false);
    expect((await attendance(w.auditor)).canEdit).toBe(false);
  });
});

describe("correcting presence", () => {
  const fields = (over: Record<string, unknown> = {}) => ({
    learnerId: w.learners.chloe.id,
    date: "2026-11-23",
    period: "am",
    status: "present",
    reason: "Poste en panne, présente en salle (vu par le formateur)",
    ...over,
  });
  const correct = (over: Record<string, unknown> = {}, actor = w.trainer, at = now) =>
    correctPresence(database.db, { actor, sessionId, fields: fields(over), now: at });

  it("requires a reason, names the field, and writes nothing", async () => {
    await expect(correct({ reason: "  " })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [expect.objectContaining({ path: "reason" })],
    });
    await expect(correct({ reason: "x".repeat(501) })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await correctionsOf(w.learners.chloe.id)).toEqual([]);
  });

  it("is refused to IT, to another trainer and to a learner, and writes nothing", async () => {
    await expect(correct({}, w.it)).rejects.toMatchObject({ code: "forbidden" });
    await expect(correct({}, w.auditor)).rejects.toMatchObject({ code: "forbidden" });
    await expect(correct({}, w.otherTrainer)).rejects.toMatchObject({ code: "not_found" });
    await expect(correct({}, w.learnerActor)).rejects.toMatchObject({ code: "not_found" });
    expect(await correctionsOf(w.learners.chloe.id)).toEqual([]);
  });

  it("refuses a half-day outside the session, a learner not enrolled, present for the future", async () => {
    await expect(correct({ date: "2026-11-24" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(correct({ learnerId: w.learners.elodie.id })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "learnerId", message: "stagiaire non inscrit" }],
    });
    await expect(correct({ period: "pm" }, w.trainer, z("09:00"))).rejects.toMatchObject({
      code: "invalid_input",
      issues: [expect.objectContaining({ path: "status" })],
    });
  });

  it("marks the learner present with the reason, audits it, and ignores a double submit", async () => {
    const first = await correct();
    expect(first).toMatchObject({ status: "present", isDuplicate: false, learnerName: "Chloé Cazals" });
    const again = await correct({}, w.trainer, new Date(now.getTime() + 5_000));
    expect(again.isDuplicate).toBe(true);
    const rows = await correctionsOf(w.learners.chloe.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: "present",
      recordedBy: w.trainer.id,
      startedAt: z("08:00"),
      endedAt: z("11:30"),
    });
    const chloe = (await attendance()).sheet.lines.find((l) => l.learner.id === w.learners.chloe.id)!;
    expect(chloe.cells[0]).toMatchObject({ status: "present", retainedMs: 3.5 * 3600_000 });
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "attendance.corrected"));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorId: w.trainer.id,
      entityType: "session",
      entityId: sessionId,
      details: expect.objectContaining({
        status: "present",
        reason: fields().reason,
        period: "am",
        previousStatus: null,
      }),
    });
  });

  it("lets a later correction win, and withdraws the half-day's validation", async () => {
    await validateHalfDay(database.db, {
      actor: w.trainer,
      sessionId,
      fields: { date: "2026-11-23", period: "am" },
      now,
    });
    expect((await attendance()).sheet.halfDays[0]?.validation).toMatchObject({
      validatedByName: "Isabelle Fabre",
    });
    await correct(
      { status: "absent", reason: "Erreur de saisie : absente ce matin" },
      w.trainer,
      new Date(now.getTime() + 60_000),
    );
    const a = await attendance(w.trainer, new Date(now.getTime() + 120_000));
    expect(a.sheet.halfDays[0]?.validation).toBeUndefined();
    expect(a.sheet.lines.find((l) => l.learner.id === w.learners.chloe.id)?.cells[0]?.status).toBe("absent");
    const last = await database.db.select().from(auditLog).where(eq(auditLog.entityId, sessionId));
    expect(
      last.find((e) => e.details && (e.details as { status?: string }).status === "absent")?.details,
    ).toMatchObject({
      previousStatus: "present",
      validationWithdrawn: true,
    });
  });
});

describe("validating half-days", () => {
  const validate = (fields: Record<string, unknown>, actor = w.trainer, at = now) =>
    validateHalfDay(database.db, { actor, sessionId, fields, now: at });

  it("keeps the first validation, refuses a half-day not ended saying when, and IT cannot validate", async () => {
    expect(await validate({ date: "2026-11-23", period: "am" })).toMatchObject({
      wasAlreadyValidated: false,
    });
    expect(await validate({ date: "2026-11-23", period: "am" })).toMatchObject({ wasAlreadyValidated: true });
    await expect(validate({ date: "2026-11-23", period: "pm" }, w.trainer, z("10:00"))).rejects.toMatchObject(
      {
        code: "invalid_input",
      },
    );
    // Under way (15:00 in Paris, the afternoon ends at 17:00): not yet.
    await expect(validate({ date: "2026-11-23", period: "pm" })).rejects.toThrow(
      "Cette demi-journée n'est pas terminée : elle pourra être validée à partir du 23/11/2026 à 17h00.",
    );
    expect(await validate({ date: "2026-11-23", period: "pm" }, w.trainer, z("16:00"))).toMatchObject({
      wasAlreadyValidated: false,
    });
    await expect(validate({ date: "2026-11-23", period: "pm" }, w.it)).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(validate({ date: "2026-11-23", period: "pm" }, w.otherTrainer)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("session notes", () => {
  const save = (notes: string, previousNotes: string, actor = w.trainer) =>
    saveSessionNotes(database.db, { actor, sessionId, fields: { notes, previousNotes }, now });

  it("saves notes and refuses a save based on notes that changed meanwhile", async () => {
    expect(await save("Vidéoprojecteur à changer.", "")).toEqual({ isUnchanged: false });
    expect(await save("Vidéoprojecteur à changer.", "")).toEqual({ isUnchanged: true });
    await expect(save("Autre onglet", "")).rejects.toMatchObject({
      code: "conflict",
      issues: [{ path: "notes" }],
    });
    expect((await attendance()).session.notes).toBe("Vidéoprojecteur à changer.");
  });

  it("refuses notes that are too long, and notes from anyone but the session's trainer", async () => {
    await expect(save("x".repeat(5001), "Vidéoprojecteur à changer.")).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(save("…", "Vidéoprojecteur à changer.", w.it)).rejects.toMatchObject({ code: "forbidden" });
    await expect(save("…", "Vidéoprojecteur à changer.", w.otherTrainer)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
