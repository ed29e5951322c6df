import { type Database, openDatabase } from "@tremplin/db/client";
import { makeUsers } from "@tremplin/db/factories";
import { migrate } from "@tremplin/db/migrate";
import { attendanceRecords, auditLog, enrolments } from "@tremplin/db/schema";
import { isAppError } from "@tremplin/domain/errors";
import { type PostgresCluster, startPostgres } from "@tremplin/testkit/postgres";
import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { correctPresence } from "@/server/attendance/correct-presence";
import { databaseUnavailable, isConnectionFailure } from "@/server/database-errors";
import { addLearnerToSession } from "./add-learner-to-session";
import { buildPlanningWorld, type PlanningWorld } from "./test-world";

// PostgreSQL is restarted (immediate mode: no checkpoint, crash recovery at start) while eight
// workers enrol learners and correct presences through the use cases, on one pool that is
// never reopened. Afterwards: every acknowledged write is there once, every refusal said why,
// nothing is doubled or half-written, and the same pool serves again.

let cluster: PostgresCluster;
let database: Database;
let w: PlanningWorld;
let learnerIds: string[];
let enrolSessions: { id: string; capacity: number }[];
let pastSessionId: string;
const now = new Date();

type Op =
  | { kind: "enrol"; sessionId: string; learnerId: string }
  | { kind: "correct"; learnerId: string; status: "present" | "absent"; reason: string };
/** `at`: when the answer came, in ms since the load started. */
type Outcome = ({ ok: true; value: unknown } | { ok: false; error: unknown }) & { op: Op; at: number };

beforeAll(async () => {
  cluster = await startPostgres();
  const url = await cluster.createDatabase("reliability");
  database = await openDatabase({ kind: "postgres", url, poolSize: 10 });
  await migrate(database.db);
  w = await buildPlanningWorld(database.db);
  const crowd = await makeUsers(
    database.db,
    Array.from({ length: 60 }, (_, i) => ({
      username: `charge${i}.${w.tag}`,
      displayName: `Stagiaire ${i}`,
    })),
  );
  learnerIds = crowd.map((u) => u.id);
  const day = 86_400_000;
  enrolSessions = [];
  for (let i = 0; i < 4; i++) {
    const startsAt = new Date(now.getTime() + (i + 2) * day);
    const s = await w.addSession({
      startsAt,
      endsAt: new Date(startsAt.getTime() + 4 * 3600_000),
      roomId: null,
      capacity: 25,
    });
    enrolSessions.push({ id: s.id, capacity: 25 });
  }
  // Yesterday 9h–12h UTC: a half-day over, that the trainer may correct.
  const past = new Date(now.getTime() - day);
  past.setUTCHours(9, 0, 0, 0);
  const session = await w.addSession({
    startsAt: past,
    endsAt: new Date(past.getTime() + 3 * 3600_000),
    roomId: null,
  });
  pastSessionId = session.id;
  await w.enrol(pastSessionId, learnerIds.slice(0, 20));
}, 120_000);

afterAll(async () => {
  // A leaked client would make `close` wait forever: the assertions above report it, not a hang.
  await Promise.race([database?.close(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  await cluster?.stop();
});

function plan(): Op[] {
  const ops: Op[] = [];
  // 60 learners × 4 sessions of 25 seats: 240 attempts for 100 seats, so "full" refusals too.
  for (let i = 0; i < 240; i++) {
    ops.push({
      kind: "enrol",
      sessionId: enrolSessions[i % 4]!.id,
      learnerId: learnerIds[Math.floor(i / 4)]!,
    });
    if (i % 2 === 0) {
      ops.push({
        kind: "correct",
        learnerId: learnerIds[i % 20]!,
        status: i % 4 === 0 ? "present" : "absent",
        reason: `Correction sous charge n° ${i}`,
      });
    }
  }
  return ops;
}

async function perform(op: Op): Promise<unknown> {
  if (op.kind === "enrol") {
    return addLearnerToSession(database.db, {
      actor: w.it,
      sessionId: op.sessionId,
      learnerId: op.learnerId,
      now,
    });
  }
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  return correctPresence(database.db, {
    actor: w.trainer,
    sessionId: pastSessionId,
    fields: { learnerId: op.learnerId, date: yesterday, period: "am", status: op.status, reason: op.reason },
    now,
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A failure as people are told it: route()'s mapper and formAction both say a lost database so. */
const asTold = (error: unknown) => (isConnectionFailure(error) ? databaseUnavailable(error) : error);

/**
 * Runs `ops` on `workers` concurrent loops, as people at their desks would: a short pause
 * between actions, a longer one after "réessayez dans un instant", so that the load outlasts
 * the restart.
 */
async function runLoad(ops: Op[], workers: number, onProgress: (done: number) => void): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < ops.length) {
        const op = ops[next++]!;
        try {
          outcomes.push({ op, ok: true, value: await perform(op), at: performance.now() - started });
        } catch (error) {
          outcomes.push({ op, ok: false, error: asTold(error), at: performance.now() - started });
        }
        onProgress(outcomes.length);
        const last = outcomes.at(-1)!;
        await pause(!last.ok && isAppError(last.error) && last.error.code === "unavailable" ? 300 : 10);
      }
    }),
  );
  return outcomes;
}

describe("PostgreSQL restarted in the middle of a load of writes", () => {
  it("keeps every acknowledged write once, refuses the rest clearly, and serves again", async () => {
    const ops = plan();
    let restart: Promise<void> | undefined;
    let loadStarted = 0;
    let restartedAt = Number.POSITIVE_INFINITY;
    const outcomes = await runLoad(ops, 8, (done) => {
      if (done === 1) loadStarted = performance.now();
      if (!restart && done >= ops.length / 3) {
        restart = cluster.restart({ mode: "immediate", downMs: 1500 }).then(() => {
          restartedAt = performance.now() - loadStarted;
        });
      }
    });
    await restart;

    const refused = outcomes.filter((o) => !o.ok);
    const unavailable = refused.filter((o) => isAppError(o.error) && o.error.code === "unavailable");
    // The restart did land in the middle: writes failed while it was down, and the same pool
    // served writes again once it was back, with the load still running.
    expect(unavailable.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.ok && o.at > restartedAt).length).toBeGreaterThan(20);
    // Every refusal is an AppError a person can read: the database was away, or the session full.
    for (const o of refused) {
      expect(isAppError(o.error), String(o.error)).toBe(true);
      if (!isAppError(o.error)) continue;
      expect(["unavailable", "conflict"]).toContain(o.error.code);
      if (o.error.code === "unavailable")
        expect(o.error.message).toMatch(/^La base de données ne répond pas/);
      else expect(o.error.message).toMatch(/^Session complète/);
    }

    // The same pool serves again, without being reopened.
    const live = await database.db
      .select({ sessionId: enrolments.sessionId, learnerId: enrolments.learnerId, status: enrolments.status })
      .from(enrolments)
      .where(ne(enrolments.status, "cancelled"));
    const key = (sessionId: string | null, learnerId: string) => `${sessionId}|${learnerId}`;
    const liveKeys = live.map((e) => key(e.sessionId, e.learnerId));
    // Nothing doubled: one live enrolment per learner and session, never over capacity.
    expect(new Set(liveKeys).size).toBe(liveKeys.length);
    for (const s of enrolSessions) {
      expect(live.filter((e) => e.sessionId === s.id).length).toBeLessThanOrEqual(s.capacity);
    }
    // Every acknowledged enrolment is there.
    for (const o of outcomes.filter((x) => x.ok && x.op.kind === "enrol")) {
      const op = o.op as Extract<Op, { kind: "enrol" }>;
      expect(liveKeys).toContain(key(op.sessionId, op.learnerId));
    }
    // No half-writes: each enrolment has exactly one audit line, written in its transaction.
    const audits = await database.db
      .select({ entityId: auditLog.entityId, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.action, "enrolment.created"));
    const auditKeys = audits.map((a) => key(a.entityId, (a.details as { learnerId: string }).learnerId));
    expect(auditKeys.filter((k) => enrolSessions.some((s) => k.startsWith(s.id))).sort()).toEqual(
      liveKeys.filter((k) => enrolSessions.some((s) => k.startsWith(s.id))).sort(),
    );

    // Corrections: acknowledged ones are stored once; refused ones at most once (a commit whose
    // answer was lost may have landed), and never without their audit line.
    const corrections = await database.db
      .select({ reason: attendanceRecords.reason })
      .from(attendanceRecords)
      .where(and(eq(attendanceRecords.sessionId, pastSessionId), eq(attendanceRecords.source, "trainer")));
    const correctionAudits = await database.db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.action, "attendance.corrected"));
    const stored = corrections.map((c) => c.reason);
    expect(correctionAudits.map((a) => (a.details as { reason: string }).reason).sort()).toEqual(
      [...stored].sort(),
    );
    for (const o of outcomes.filter((x) => x.op.kind === "correct")) {
      const reason = (o.op as Extract<Op, { kind: "correct" }>).reason;
      const copies = stored.filter((r) => r === reason).length;
      if (o.ok) expect(copies, reason).toBe(1);
      else expect(copies, reason).toBeLessThanOrEqual(1);
    }

    // Retrying what was refused now succeeds or is refused for a reason, and doubles nothing.
    const retried = await runLoad(
      refused.map((o) => o.op),
      4,
      () => {},
    );
    expect(retried.every((o) => o.ok || (isAppError(o.error) && o.error.code === "conflict"))).toBe(true);
    const after = await database.db
      .select({ sessionId: enrolments.sessionId, learnerId: enrolments.learnerId })
      .from(enrolments)
      .where(ne(enrolments.status, "cancelled"));
    const afterKeys = after.map((e) => key(e.sessionId, e.learnerId));
    expect(new Set(afterKeys).size).toBe(afterKeys.length);
    // No client leaked by the failures: all of them are back in the pool, nobody waits for one.
    const stats = database.poolStats();
    expect(stats.waiting).toBe(0);
    expect(stats.idle).toBe(stats.total);
  }, 120_000);
});
