import type { Database } from "@tremplin/db/client";
import { makeUser } from "@tremplin/db/factories";
import { openUserSession, revokeUserSession } from "@tremplin/db/queries/user-sessions";
import { userSessions, users } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { sessionLimits } from "@tremplin/domain/auth";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "./options";
import { checkSession, forgetSession, type SessionCheckDeps, settleSessionWork } from "./session-check";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const minute = 60_000;
const { recheckMs } = sessionLimits;
// The process's memory of sessions lives as long as the process: one clock for the whole file,
// that only moves forward, from the database's own (revocations made by its trigger); the test
// that moves it by hours comes last.
let clock = Date.now();
function later(ms: number): Date {
  clock += ms;
  return new Date(clock);
}

let n = 0;
async function signedIn(overrides: Partial<typeof users.$inferInsert> = {}) {
  const row = await makeUser(database.db, {
    username: `s${++n}@exemple.fr`,
    displayName: `Personne ${n}`,
    roles: ["trainer"],
    ...overrides,
  });
  const now = later(1);
  const user: SessionUser = {
    id: row.id,
    name: row.displayName,
    username: row.username,
    roles: row.roles as SessionUser["roles"],
    source: row.source,
  };
  const sid = await openUserSession(database.db, row.id, now);
  return { user, sid, claims: { sid, startedAt: now.getTime(), user } };
}
const check = (claims: unknown, now: Date, more: Partial<SessionCheckDeps> = {}) =>
  checkSession(claims, { db: database.db, now, ...more });

/** Counts the statements the check sends to the database. */
async function statementsOf(run: () => Promise<unknown>): Promise<number> {
  const client = (database.db as unknown as { $client: { query: (...args: unknown[]) => unknown } }).$client;
  const original = client.query;
  let count = 0;
  client.query = (...args: unknown[]) => {
    count += 1;
    return original.apply(client, args);
  };
  try {
    await run();
  } finally {
    client.query = original;
  }
  return count;
}

describe("server-side session check", () => {
  it("gives the person of a live session, and refuses claims it did not write", async () => {
    const { user, claims } = await signedIn();
    expect(await check(claims, later(1))).toEqual(user);
    expect(await check({ ...claims, sid: "not-a-session" }, later(1))).toBeUndefined();
    expect(await check({ sid: claims.sid }, later(1))).toBeUndefined();
    expect(await check(undefined, later(1))).toBeUndefined();
  });

  it("costs a request no query between two polls of the revoked sessions", async () => {
    const { claims } = await signedIn();
    await check(claims, later(recheckMs + 1));
    await settleSessionWork();
    expect(await statementsOf(() => check(claims, later(1)))).toBe(0);
    expect(await statementsOf(() => check(claims, later(recheckMs)))).toBeGreaterThan(0);
  });

  it("ends a signed-out session everywhere within the recheck delay, at once where it was signed out", async () => {
    const { claims } = await signedIn();
    expect(await check(claims, later(1))).toBeDefined();
    await revokeUserSession(database.db, claims.sid, new Date(clock));
    // Another process learns it at its next poll, at most `recheckMs` later…
    expect(await check(claims, later(recheckMs + 1))).toBeUndefined();
    // …and the process that signed it out forgets it at once.
    const other = await signedIn();
    expect(await check(other.claims, later(1))).toBeDefined();
    forgetSession(other.sid);
    expect(await check(other.claims, later(1))).toBeUndefined();
  });

  it("ends the sessions of an account disabled or whose roles changed, by hand or by code, within the recheck delay", async () => {
    const changed = await signedIn({ roles: ["trainer", "it_admin"] });
    const disabled = await signedIn();
    expect(await check(changed.claims, later(1))).toMatchObject({ roles: ["trainer", "it_admin"] });
    expect(await check(disabled.claims, later(1))).toBeDefined();
    await database.db
      .update(users)
      .set({ roles: ["trainer"] })
      .where(eq(users.id, changed.user.id));
    await database.db
      .update(users)
      .set({ disabledAt: new Date(clock) })
      .where(eq(users.id, disabled.user.id));
    expect(await check(changed.claims, later(recheckMs + 1))).toBeUndefined();
    expect(await check(disabled.claims, later(1))).toBeUndefined();
    // A write that leaves the roles as they were ends nothing (each sign-in writes them again).
    const kept = await signedIn();
    await database.db
      .update(users)
      .set({ roles: ["trainer"] })
      .where(eq(users.id, kept.user.id));
    expect(await check(kept.claims, later(recheckMs + 1))).toBeDefined();
  });

  it("writes the last requests down in one batch a minute, and reads one only for a session older than the idle limit", async () => {
    const { sid, claims } = await signedIn();
    const lastSeen = async () =>
      (await database.db.select().from(userSessions).where(eq(userSessions.id, sid)))[0]!.lastSeenAt;
    const opened = await lastSeen();
    const seenAt = later(sessionLimits.touchEveryMs + 1);
    await check(claims, seenAt);
    await settleSessionWork();
    expect((await lastSeen()).getTime()).toBeGreaterThan(opened.getTime());
    expect((await lastSeen()).getTime()).toBe(seenAt.getTime());
    // A process that first sees a session older than the idle limit asks the database once.
    const other = await signedIn();
    const older = { ...other.claims, startedAt: other.claims.startedAt - sessionLimits.idleMs - minute };
    const now = later(1);
    await check(claims, now);
    expect(await statementsOf(() => check(older, now))).toBe(1);
    expect(await statementsOf(() => check(older, now))).toBe(0);
  });

  it("asks the directory about the directory accounts seen, in the background", async () => {
    const { user, claims } = await signedIn({ source: "directory", username: `ad${n}` });
    const asked: string[] = [];
    const recheckDirectoryUsers = async (seen: SessionUser[]) => {
      for (const u of seen) asked.push(u.id);
      await database.db
        .update(users)
        .set({ disabledAt: new Date(clock) })
        .where(eq(users.id, user.id));
    };
    expect(await check(claims, later(recheckMs + 1), { recheckDirectoryUsers })).toEqual(user);
    await settleSessionWork();
    expect(asked).toContain(user.id);
    expect(await check(claims, later(recheckMs + 1), { recheckDirectoryUsers })).toBeUndefined();
  });
  it("ends a session left idle, keeps a busy one, and ends even a busy one at its absolute limit", async () => {
    const idle = await signedIn();
    expect(await check(idle.claims, later(1))).toBeDefined();
    await settleSessionWork();
    expect(await check(idle.claims, later(sessionLimits.idleMs + 2 * minute))).toBeUndefined();

    const busy = await signedIn();
    const start = busy.claims.startedAt;
    while (clock - start < sessionLimits.absoluteMs - 5 * minute) {
      expect(await check(busy.claims, later(5 * minute))).toBeDefined();
      await settleSessionWork();
    }
    expect(await check(busy.claims, later(start + sessionLimits.absoluteMs - clock))).toBeUndefined();
  });
});
