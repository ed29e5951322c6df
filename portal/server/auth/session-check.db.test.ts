import type { Database } from "@tremplin/db/client";
import { openUserSession, revokeUserSession } from "@tremplin/db/queries/user-sessions";
import type { UserRow } from "@tremplin/db/queries/users";
import { userSessions, users } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { sessionLimits } from "@tremplin/domain/auth";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSession, forgetSession } from "./session-check";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const t0 = new Date("2026-11-23T08:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const minute = 60_000;
const { recheckMs } = sessionLimits;

let n = 0;
async function signedIn(overrides: Partial<typeof users.$inferInsert> = {}) {
  const [user] = await database.db
    .insert(users)
    .values({
      source: "local",
      username: `s${++n}@exemple.fr`,
      displayName: `Personne ${n}`,
      roles: ["trainer"],
      ...overrides,
    })
    .returning();
  return { user: user!, sid: await openUserSession(database.db, user!.id, t0) };
}
const check = (sid: string, now: Date, recheckDirectoryUser?: (u: UserRow) => Promise<UserRow | undefined>) =>
  checkSession(sid, { db: database.db, now, recheckDirectoryUser });

describe("server-side session check", () => {
  it("gives the person of a live session, with the roles their account has now", async () => {
    const { user, sid } = await signedIn();
    expect(await check(sid, at(1))).toMatchObject({ id: user.id, roles: ["trainer"], source: "local" });
  });

  it("refuses an id that is not one of ours, without asking the database", async () => {
    expect(await check("not-a-session", at(1))).toBeUndefined();
    expect(await check(crypto.randomUUID(), at(1))).toBeUndefined();
  });

  it("ends a signed-out session everywhere within the recheck delay, at once where it was signed out", async () => {
    const { sid } = await signedIn();
    expect(await check(sid, at(1))).toBeDefined();
    await revokeUserSession(database.db, sid, at(2));
    // Another process still holds its answer for at most `recheckMs`…
    expect(await check(sid, at(recheckMs + 1))).toBeUndefined();
    // …and the process that signed it out forgets it at once.
    const other = await signedIn();
    expect(await check(other.sid, at(1))).toBeDefined();
    await revokeUserSession(database.db, other.sid, at(2));
    forgetSession(other.sid);
    expect(await check(other.sid, at(3))).toBeUndefined();
  });

  it("ends the sessions of an account disabled in the portal, and follows a removed role, within a minute", async () => {
    const { user, sid } = await signedIn({ roles: ["trainer", "it_admin"] });
    expect(await check(sid, at(1))).toMatchObject({ roles: ["trainer", "it_admin"] });
    await database.db
      .update(users)
      .set({ roles: ["trainer"] })
      .where(eq(users.id, user.id));
    expect(await check(sid, at(recheckMs + 1))).toMatchObject({ roles: ["trainer"] });
    await database.db
      .update(users)
      .set({ disabledAt: at(recheckMs + 2) })
      .where(eq(users.id, user.id));
    expect(await check(sid, at(2 * recheckMs + 2))).toBeUndefined();
  });

  it("ends a session left idle, keeps a busy one, and ends even a busy one at its absolute limit", async () => {
    const idle = await signedIn();
    expect(await check(idle.sid, at(1))).toBeDefined();
    expect(await check(idle.sid, at(sessionLimits.idleMs + 2 * minute))).toBeUndefined();

    const busy = await signedIn();
    let now = 0;
    for (; now < sessionLimits.absoluteMs - 5 * minute; now += 5 * minute)
      expect(await check(busy.sid, at(now))).toBeDefined();
    expect(await check(busy.sid, at(sessionLimits.absoluteMs))).toBeUndefined();
  });

  it("writes the last request down at most once a minute", async () => {
    const { sid } = await signedIn();
    const lastSeen = async () =>
      (await database.db.select().from(userSessions).where(eq(userSessions.id, sid)))[0]!.lastSeenAt;
    await check(sid, at(recheckMs));
    expect(await lastSeen()).toEqual(t0);
    await check(sid, at(2 * recheckMs + 1));
    expect(await lastSeen()).toEqual(at(2 * recheckMs + 1));
  });

  it("asks the directory about a directory account, and ends the session when it says so", async () => {
    const { user, sid } = await signedIn({ source: "directory", username: `ad${n}` });
    let answer: "same" | "learner" | "gone" = "same";
    const directory = async (row: UserRow) =>
      answer === "gone" ? undefined : answer === "learner" ? { ...row, roles: ["learner"] } : row;
    expect(await check(sid, at(1), directory)).toMatchObject({ id: user.id, roles: ["trainer"] });
    answer = "learner";
    expect(await check(sid, at(recheckMs + 1), directory)).toMatchObject({ roles: ["learner"] });
    answer = "gone";
    expect(await check(sid, at(2 * recheckMs + 1), directory)).toBeUndefined();
  });
});
