import { randomUUID } from "node:crypto";
import type { Database } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import { listAuditBetween } from "@tremplin/db/queries/exports";
import { assessmentAttempts, attendanceRecords, enrolments, modules } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPlanningWorld, type PlanningWorld } from "@/server/planning/test-world";
import { keysetRows } from "./csv-stream";
import { exportAttendance } from "./export-attendance";
import { exportAuditLog } from "./export-audit-log";
import { exportResults } from "./export-results";

let database: Database;
let w: PlanningWorld;
let inPeriod: string;
const now = new Date("2026-12-01T10:00:00Z");
const period = { from: "2026-11-01", to: "2026-11-30" };

/** The file as a spreadsheet gets it: the bytes' mark, then lines of `;`-separated fields. */
async function read(stream: ReadableStream<Uint8Array>) {
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  expect(text.startsWith("\uFEFF")).toBe(true);
  expect(text.endsWith("\r\n")).toBe(true);
  return text
    .slice(1, -2)
    .split("\r\n")
    .map((line) => line.split(";"));
}

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildPlanningWorld(database.db);
  const { lea, omar } = w.learners;
  inPeriod = (
    await w.addSession({
      startsAt: new Date("2026-11-20T08:00:00Z"),
      endsAt: new Date("2026-11-20T16:00:00Z"),
    })
  ).id;
  const before = (
    await w.addSession({
      startsAt: new Date("2026-10-20T08:00:00Z"),
      endsAt: new Date("2026-10-20T16:00:00Z"),
    })
  ).id;
  for (const id of [inPeriod, before]) await w.enrol(id, [lea.id, omar.id]);
  await database.db.insert(attendanceRecords).values({
    sessionId: inPeriod,
    learnerId: lea.id,
    source: "trainer",
    startedAt: new Date("2026-11-20T08:00:00Z"),
    endedAt: new Date("2026-11-20T12:00:00Z"),
    reason: "feuille papier signée",
  });
  const [module] = await database.db
    .insert(modules)
    .values({
      trainingId: w.training.id,
      position: 1,
      title: "Quiz final",
      kind: "quiz",
      durationMinutes: 10,
      content: {},
    })
    .returning();
  const [enrolment] = await database.db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.sessionId, inPeriod), eq(enrolments.learnerId, lea.id)));
  const attempt = (no: number, at: string, score: number) => ({
    learnerId: lea.id,
    enrolmentId: enrolment!.id,
    moduleId: module!.id,
    attemptNo: no,
    source: "quiz" as const,
    clientKey: randomUUID(),
    submission: {},
    scorePercent: score,
    contentVersion: 1,
    submittedAt: new Date(at),
    isRetained: score >= 70,
    ruleApplied: {},
    explanation: score >= 70 ? "Meilleure note retenue" : "Sous le seuil de 70 %",
  });
  await database.db
    .insert(assessmentAttempts)
    .values([
      attempt(1, "2026-11-20T13:00:00Z", 55),
      attempt(2, "2026-11-20T14:00:00Z", 85),
      attempt(3, "2026-12-02T14:00:00Z", 90),
    ]);
  const at = new Date("2026-11-21T09:00:00Z");
  for (const action of ["room.created", "=cmd|' /C calc'!A0", "session.updated"]) {
    await appendAudit(database.db, {
      at,
      actorId: null,
      actorLabel: "Sophie Garcia",
      action,
      entityType: "session",
      entityId: inPeriod,
      details: { note: "a;b" },
    });
  }
});
afterAll(() => database.close());

describe("IT's exports over a period", () => {
  it("gives the attendance of the period's sessions per learner and half-day, as the sheet does", async () => {
    const rows = await read(exportAttendance(database.db, { actor: w.it, ...period, now }).stream);
    expect(rows[0]!.slice(0, 3)).toEqual(["Organisme", "Formation", "Code formation"]);
    const body = rows.slice(1);
    // Two learners × two half-days of the one session that starts in November.
    expect(body).toHaveLength(4);
    expect(new Set(body.map((r) => r[3]))).toEqual(new Set([inPeriod]));
    const lea = body.filter((r) => r[9] === "Léa André");
    expect(lea.map((r) => r[7])).toEqual(["Matin", "Après-midi"]);
    expect(lea[0]!.join(";")).toContain("feuille papier signée");
  });

  it("gives every attempt of the period, retained or not, with the reason", async () => {
    const rows = await read(exportResults(database.db, { actor: w.it, ...period }).stream);
    expect(rows.slice(1).map((r) => [r[1], r[6], r[7], r[9], r[10], r[11]])).toEqual([
      ["Léa André", "Quiz final", "1", "55", "Non", "Sous le seuil de 70 %"],
      ["Léa André", "Quiz final", "2", "85", "Oui", "Meilleure note retenue"],
    ]);
  });

  it("gives the audit log, quoting separators and defusing formulas", async () => {
    const text = await new Response(
      exportAuditLog(database.db, {
        actor: w.it,
        ...period,
        actionLabel: (a) => (a === "room.created" ? "Salle créée" : a),
      }).stream,
    ).text();
    expect(text).toContain(`;Salle créée;room.created;session;${inPeriod};"{""note"":""a;b""}";`);
    expect(text).toContain(";'=cmd|' /C calc'!A0;");
  });

  it("reads in batches without losing or repeating rows that share an instant", async () => {
    const range = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };
    const seen: string[] = [];
    for await (const row of keysetRows(
      (after, limit) => listAuditBetween(database.db, { ...range, after, limit }),
      2,
    )) {
      seen.push(row.action);
    }
    expect(seen.sort()).toEqual(["=cmd|' /C calc'!A0", "room.created", "session.updated"]);
  });

  it("is IT's alone, over a valid period", async () => {
    for (const actor of [w.trainer, w.auditor, w.learnerActor]) {
      expect(() => exportAuditLog(database.db, { actor, ...period })).toThrow(
        expect.objectContaining({ code: "forbidden" }),
      );
    }
    expect(() => exportResults(database.db, { actor: w.it, from: "2026-11-30", to: "2026-11-01" })).toThrow(
      expect.objectContaining({
        code: "invalid_input",
        issues: [{ path: "to", message: "la fin précède le début" }],
      }),
    );
    expect(() => exportResults(database.db, { actor: w.it, from: undefined, to: "2026-11-01" })).toThrow(
      expect.objectContaining({ issues: [{ path: "from", message: "date attendue (AAAA-MM-JJ)" }] }),
    );
  });
});
