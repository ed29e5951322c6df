import { verify } from "@node-rs/argon2";
import { and, count, eq, gte, lt, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../client";
import { hashDeviceSecret } from "../device-secrets";
import {
  attendanceRecords,
  certificateJobs,
  enrolments,
  kiosks,
  masterVersions,
  modules,
  progress,
  rooms,
  sessions,
  sites,
  trainings,
  users,
} from "../schema/index";
import { createTestDatabase } from "../testing";
import { demoAccounts, demoPassword, issueDemoKioskCode, seedDemo } from "./demo";

const now = new Date("2026-11-23T10:00:00Z");
let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const total = async (table: PgTable) => (await database.db.select({ n: count() }).from(table))[0]!.n;

describe("seedDemo", () => {
  it("seeds the region, its people, catalogue and week", async () => {
    const report = await seedDemo(database.db, { now, localPasswords: false });
    expect(report).toMatchObject({ sites: 3, rooms: 7, kiosks: 76, users: 67, trainings: 12, masters: 4 });
    expect(await total(sites)).toBe(3);
    expect(await total(trainings)).toBe(12);
    expect(await total(masterVersions)).toBe(4);
    expect(report.modules).toBeGreaterThanOrEqual(36);
    const roomSizes = (await database.db.select({ c: rooms.capacity }).from(rooms)).map((r) => r.c);
    expect(Math.min(...roomSizes)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...roomSizes)).toBeLessThanOrEqual(20);
    const [p03] = await database.db.select().from(kiosks).where(eq(kiosks.label, "ALB-S1-P03"));
    expect(p03?.tokenHash).toBeNull();
    const roles = await database.db.select({ roles: users.roles }).from(users);
    const withRole = (r: string) => roles.filter((x) => x.roles.includes(r)).length;
    expect([withRole("learner"), withRole("trainer"), withRole("it_admin"), withRole("auditor")]).toEqual([
      60, 4, 2, 1,
    ]);
    const [trainee] = await database.db.select().from(users).where(eq(users.username, "c.martin"));
    expect(trainee).toMatchObject({ source: "directory", passwordHash: null, displayName: "Camille Martin" });
  });

  it("plans sessions today in the demo room with the demo trainee enrolled", async () => {
    const dayStart = new Date("2026-11-22T23:00:00Z");
    const dayEnd = new Date("2026-11-23T23:00:00Z");
    const today = await database.db
      .select({ id: sessions.id, room: rooms.name, startsAt: sessions.startsAt })
      .from(sessions)
      .innerJoin(rooms, eq(rooms.id, sessions.roomId))
      .where(
        and(
          eq(rooms.name, "Salle Toulouse-Lautrec"),
          gte(sessions.startsAt, dayStart),
          lt(sessions.startsAt, dayEnd),
        ),
      );
    expect(today.length).toBe(3);
    const mine = await database.db
      .select({ n: count() })
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.learnerId))
      .where(and(eq(users.username, demoAccounts.trainee.username), eq(enrolments.status, "enrolled")));
    expect(mine[0]!.n).toBeGreaterThanOrEqual(21);
    const weekSessions = await total(sessions);
    expect(weekSessions).toBeGreaterThanOrEqual(30);
    const waitlisted = await database.db
      .select({ n: count() })
      .from(enrolments)
      .where(eq(enrolments.status, "waitlisted"));
    expect(waitlisted[0]!.n).toBeGreaterThan(0);
  });

  it("changes nothing when run again, and only adds the new days a day later", async () => {
    const before = await snapshot();
    const again = await seedDemo(database.db, { now, localPasswords: false });
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
    expect(await snapshot()).toEqual(before);
    const nextDay = await seedDemo(database.db, {
      now: new Date(now.getTime() + 86_400_000),
      localPasswords: false,
    });
    expect(nextDay.sessions).toBeGreaterThan(0);
    expect(nextDay.sessions).toBeLessThan(10);
    expect(nextDay.users).toBe(0);
  });

  it("issues a one-time code for the demo kiosk, storing only its hash", async () => {
    const first = await issueDemoKioskCode(database.db, { now });
    expect(first.label).toBe("ALB-S1-P01");
    expect(first.room.name).toBe("Salle Toulouse-Lautrec");
    const [row] = await database.db.select().from(kiosks).where(eq(kiosks.id, first.kioskId));
    expect(row?.registrationCodeHash).toBe(hashDeviceSecret(first.code, "code"));
    expect(row?.registrationCodeHash).not.toContain(first.code);
    const second = await issueDemoKioskCode(database.db, { now });
    expect(second.code).not.toBe(first.code);
  });

  it("turns the demo accounts local when a later start has no directory", async () => {
    await seedDemo(database.db, { now, localPasswords: true });
    const [trainee] = await database.db.select().from(users).where(eq(users.username, "c.martin"));
    expect(trainee?.source).toBe("local");
    expect(await verify(trainee!.passwordHash!, demoPassword)).toBe(true);
  });

  async function snapshot() {
    const rows = await database.db.execute(sql`select
      (select count(*) from users) u, (select count(*) from sessions) s, (select count(*) from enrolments) e,
      (select count(*) from modules) m, (select count(*) from kiosks) k,
      (select string_agg(id::text || status, ',' order by id) from enrolments) ed`);
    return (rows as { rows?: unknown[] }).rows ?? rows;
  }
});

describe("seedDemo with local passwords", () => {
  it("makes local accounts that accept the demo password", async () => {
    const fresh = await createTestDatabase();
    try {
      await seedDemo(fresh.db, { now, localPasswords: true });
      const [admin] = await fresh.db
        .select()
        .from(users)
        .where(eq(users.username, demoAccounts.itAdmin.username));
      expect(admin?.source).toBe("local");
      expect(admin?.roles).toEqual(["it_admin"]);
      expect(await verify(admin!.passwordHash!, demoPassword)).toBe(true);
      expect(await verify(admin!.passwordHash!, "wrong")).toBe(false);
      const again = await seedDemo(fresh.db, { now, localPasswords: true });
      expect(again.users).toBe(0);
      const before = admin!.passwordHash;
      const [same] = await fresh.db.select().from(users).where(eq(users.id, admin!.id));
      expect(same?.passwordHash).toBe(before);
      await seedDemo(fresh.db, { now, localPasswords: false });
      const [directory] = await fresh.db.select().from(users).where(eq(users.id, admin!.id));
      expect(directory).toMatchObject({ source: "directory", passwordHash: null });
      expect((await fresh.db.select({ n: count() }).from(modules))[0]!.n).toBeGreaterThan(0);
    } finally {
      await fresh.close();
    }
  });

  it("leaves learners who finished the past sessions, their certificates queued by the triggers", async () => {
    const [trainee] = await database.db
      .select()
      .from(users)
      .where(eq(users.username, demoAccounts.trainee.username));
    const logons = await database.db
      .select()
      .from(attendanceRecords)
      .where(eq(attendanceRecords.learnerId, trainee!.id));
    expect(logons.length).toBeGreaterThan(0);
    expect(logons.every((r) => r.source === "kiosk" && r.endedAt !== null)).toBe(true);
    const done = await database.db.select().from(progress).where(eq(progress.learnerId, trainee!.id));
    expect(done.length).toBeGreaterThan(0);
    expect(done.every((p) => p.status === "completed" || p.status === "passed")).toBe(true);
    // Every finisher's enrolment is waiting for the portal's certificate worker.
    const queued = new Set((await database.db.select().from(certificateJobs)).map((j) => j.enrolmentId));
    const finished = await database.db
      .selectDistinct({ enrolmentId: enrolments.id })
      .from(enrolments)
      .innerJoin(
        attendanceRecords,
        and(
          eq(attendanceRecords.sessionId, enrolments.sessionId),
          eq(attendanceRecords.learnerId, enrolments.learnerId),
        ),
      );
    expect(finished.length).toBeGreaterThanOrEqual(9);
    for (const f of finished) expect(queued.has(f.enrolmentId)).toBe(true);
  });
});
