import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Database } from "@tremplin/db/client";
import { ingestDeviceEvents } from "@tremplin/db/queries/device-events";
import { attendanceRecords, auditLog } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPlanningWorld, type PlanningWorld } from "@/server/planning/test-world";
import { confirmMyPresence } from "./confirm-my-presence";
import { getSessionAttendance } from "./get-session-attendance";
import { listPresenceToConfirm } from "./list-presence-to-confirm";
import { markAllPresent, markAllReason } from "./mark-all-present";
import { renderSheetCsv } from "./sheet-csv";
import { renderSheetPdf } from "./sheet-pdf";
import { validateHalfDay } from "./validate-half-day";

let database: Database;
let w: PlanningWorld;
let sessionId: string;
// Monday 23 November 2026, 9h00–17h00 in Paris (08:00Z–16:00Z): morning ends 11:30Z.
const z = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00Z`);

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildPlanningWorld(database.db);
  const session = await w.addSession({ startsAt: z("08:00"), endsAt: z("16:00") });
  sessionId = session.id;
  const { lea, omar, chloe } = w.learners;
  await w.enrol(sessionId, [lea.id, omar.id, chloe.id]);
});
afterAll(() => database.close());

const confirm = (actor = w.learnerActor, now = z("09:00"), key = randomUUID()) =>
  confirmMyPresence(database.db, { actor, fields: { sessionId, key }, now });
const signaturesOf = (learnerId: string) =>
  database.db
    .select()
    .from(attendanceRecords)
    .where(and(eq(attendanceRecords.learnerId, learnerId), eq(attendanceRecords.source, "signature")));

describe("the learner's own confirmation of presence", () => {
  it("is offered while the half-day runs and 30 minutes after, not before nor later", async () => {
    const at = (hhmm: string) =>
      listPresenceToConfirm(database.db, { learnerId: w.learners.lea.id, now: z(hhmm) });
    expect(await at("07:59")).toEqual([]);
    expect((await at("09:00")).map((o) => `${o.session.id}:${o.halfDay.period}`)).toEqual([
      `${sessionId}:am`,
    ]);
    expect((await at("11:55"))[0]?.halfDay.period).toBe("am");
    expect(await at("12:05")).toEqual([]);
    expect((await at("16:20"))[0]?.halfDay.period).toBe("pm");
    // Not enrolled in the session: nothing to confirm.
    expect(
      await listPresenceToConfirm(database.db, { learnerId: w.learners.zoe.id, now: z("09:00") }),
    ).toEqual([]);
  });

  it("stores one portal signature per half-day, however often it is sent, and refuses outside the window", async () => {
    const key = randomUUID();
    expect(await confirm(w.learnerActor, z("09:10"), key)).toEqual({ at: z("09:10"), isNew: true });
    expect(await confirm(w.learnerActor, z("09:11"), key)).toEqual({ at: z("09:10"), isNew: false });
    expect(await confirm(w.learnerActor, z("09:12"))).toEqual({ at: z("09:10"), isNew: false });
    expect(await signaturesOf(w.learners.lea.id)).toEqual([
      expect.objectContaining({ sessionId, kioskId: null, startedAt: z("09:10") }),
    ]);
    const [open] = await listPresenceToConfirm(database.db, {
      learnerId: w.learners.lea.id,
      now: z("10:00"),
    });
    expect(open?.confirmation).toEqual({ at: z("09:10"), channel: "portal", kioskLabel: null });
    await expect(confirm(w.learnerActor, z("12:10"))).rejects.toMatchObject({ code: "conflict" });
    await expect(
      confirmMyPresence(database.db, { actor: w.learnerActor, fields: { sessionId: "x" }, now: z("09:00") }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      issues: expect.arrayContaining([expect.objectContaining({ path: "sessionId" })]),
    });
  });

  it("puts the learner's confirmation (time, kiosk or portal) and the trainer's validation on the CSV sheet", async () => {
    const { omar } = w.learners;
    const checkIn = randomUUID();
    await ingestDeviceEvents(database.db, {
      kioskId: w.postA1.id,
      roomId: w.roomA.id,
      now: z("12:00"),
      events: [
        {
          id: checkIn,
          type: "check_in",
          occurredAt: z("08:05").toISOString(),
          post: w.postA1.label,
          username: omar.username,
          sessionId,
          role: "learner",
          master: null,
          accelerator: "kvm",
        },
        {
          id: randomUUID(),
          type: "presence_confirmed",
          occurredAt: z("11:34").toISOString(),
          post: w.postA1.label,
          username: omar.username,
          sessionId,
          checkInId: checkIn,
        },
      ],
    });
    await validateHalfDay(database.db, {
      actor: w.trainer,
      sessionId,
      fields: { date: "2026-11-23", period: "am" },
      now: z("12:00"),
    });
    const attendance = await getSessionAttendance(database.db, {
      actor: w.trainer,
      sessionId,
      now: z("12:00"),
    });
    const csv = renderSheetCsv(attendance);
    const morning = (name: string) => csv.split("\r\n").find((l) => l.includes(name) && l.includes("Matin"))!;
    expect(morning(w.learners.lea.displayName)).toContain(
      "Confirmée par le stagiaire le 23/11/2026 à 10h10 (portail)",
    );
    expect(morning(omar.displayName)).toContain(
      `Confirmée par le stagiaire le 23/11/2026 à 12h34 (poste ${w.postA1.label})`,
    );
    expect(morning(w.learners.chloe.displayName)).toContain(";Non confirmée;");
    expect(morning(w.learners.chloe.displayName)).toContain("Validée par");
  });

  it("puts the same confirmations in the PDF sheet, in their own column", async () => {
    const attendance = await getSessionAttendance(database.db, {
      actor: w.trainer,
      sessionId,
      now: z("12:00"),
    });
    const dir = await mkdtemp(path.join(tmpdir(), "tremplin-sheet-"));
    try {
      const file = path.join(dir, "sheet.pdf");
      await writeFile(file, await renderSheetPdf(attendance));
      const { stdout } = await promisify(execFile)("pdftotext", ["-layout", file, "-"]);
      expect(stdout).toContain("Confirmation du");
      expect(stdout.match(/Confirmée par le/g)).toHaveLength(2);
      expect(stdout).toContain("(portail)");
      // The post's label may wrap inside the column: its words are there, not on one line.
      expect(stdout).toMatch(/\(poste\s/);
      expect(stdout).toContain("Non confirmée");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("marking everyone present at once", () => {
  it("corrects only those not present, audits each like a single correction, and withdraws the validation", async () => {
    const { lea, omar, chloe } = w.learners;
    const result = await markAllPresent(database.db, {
      actor: w.trainer,
      sessionId,
      fields: { date: "2026-11-23", period: "am" },
      now: z("12:30"),
    });
    expect(result.marked).toEqual([chloe.displayName]);
    const attendance = await getSessionAttendance(database.db, {
      actor: w.trainer,
      sessionId,
      now: z("12:30"),
    });
    const am = attendance.sheet.halfDays.findIndex((h) => h.period === "am");
    expect(attendance.sheet.halfDays[am]?.validation).toBeUndefined();
    expect(attendance.sheet.lines.map((l) => l.cells[am]?.status)).toEqual(["present", "present", "present"]);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, sessionId));
    const bulk = audit.filter((a) => a.action === "attendance.corrected");
    expect(bulk).toHaveLength(1);
    expect(bulk[0]?.details).toMatchObject({
      learnerId: chloe.id,
      status: "present",
      isBulk: true,
      reason: markAllReason,
      validationWithdrawn: true,
    });
    for (const id of [lea.id, omar.id])
      expect(audit.some((a) => JSON.stringify(a.details).includes(id))).toBe(false);
  });

  it("is the session's trainer's only, and not for a half-day to come", async () => {
    const fields = { date: "2026-11-23", period: "pm" };
    for (const actor of [w.otherTrainer, w.it, w.learnerActor]) {
      await expect(
        markAllPresent(database.db, { actor, sessionId, fields, now: z("13:00") }),
      ).rejects.toMatchObject({
        code: expect.stringMatching(/^(not_found|forbidden)$/),
      });
    }
    await expect(
      markAllPresent(database.db, { actor: w.trainer, sessionId, fields, now: z("12:00") }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});
