import type { ThrottlePolicy } from "@tremplin/domain/auth";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../client";
import { loginThrottle } from "../schema/index";
import { createTestDatabase } from "../testing";
import {
  checkLoginThrottle,
  pruneLoginThrottle,
  recordLoginFailure,
  recordLoginSuccess,
} from "./login-throttle";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const t0 = new Date("2026-11-23T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
let n = 0;
/** Each test signs in as its own account from its own address. */
const subject = () => ({ accountKey: `user${++n}`, source: `10.1.0.${n}` });
const policy: ThrottlePolicy = {
  account: { freeFailures: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 },
  source: { freeFailures: 6, baseDelayMs: 20_000, maxDelayMs: 60_000 },
  forgetAfterMs: 600_000,
};

const failures = async (key: string) =>
  (await database.db.select().from(loginThrottle).where(eq(loginThrottle.key, key)))[0]?.failures ?? 0;

describe("login throttle in the database", () => {
  it("locks an account after the free failures, for the back-off delay", async () => {
    const who = subject();
    for (let i = 0; i < 3; i++)
      expect(await recordLoginFailure(database.db, who, t0, policy)).toEqual({ allowed: true });
    expect(await recordLoginFailure(database.db, who, t0, policy)).toMatchObject({
      allowed: false,
      scope: "account",
      retryAfterMs: 10_000,
    });
    expect(await checkLoginThrottle(database.db, who, at(9_999))).toMatchObject({
      allowed: false,
      scope: "account",
    });
    expect(await checkLoginThrottle(database.db, who, at(10_000))).toEqual({ allowed: true });
    // The next failure doubles the wait.
    expect(await recordLoginFailure(database.db, who, at(10_000), policy)).toMatchObject({
      retryAfterMs: 20_000,
    });
  });

  it("counts every spelling of an account as one, and a success clears the account only", async () => {
    const who = subject();
    await recordLoginFailure(database.db, { ...who, accountKey: who.accountKey.toUpperCase() }, t0, policy);
    await recordLoginFailure(database.db, who, t0, policy);
    expect(await failures(`account:${who.accountKey}`)).toBe(2);
    await recordLoginSuccess(database.db, who);
    expect(await failures(`account:${who.accountKey}`)).toBe(0);
    expect(await failures(`source:${who.source}`)).toBe(2);
  });

  it("locks a source guessing at many accounts", async () => {
    const source = "192.0.2.50";
    for (let i = 0; i < 6; i++)
      await recordLoginFailure(database.db, { accountKey: `victim${i}`, source }, t0, policy);
    const decision = await recordLoginFailure(database.db, { accountKey: "victim-last", source }, t0, policy);
    expect(decision).toMatchObject({ allowed: false, scope: "source", retryAfterMs: 20_000 });
    expect(
      await checkLoginThrottle(database.db, { accountKey: "someone-else", source }, at(1)),
    ).toMatchObject({
      allowed: false,
      scope: "source",
    });
  });

  it("forgets a run of failures after a quiet spell", async () => {
    const who = subject();
    for (let i = 0; i < 3; i++) await recordLoginFailure(database.db, who, t0, policy);
    await recordLoginFailure(database.db, who, at(policy.forgetAfterMs + 1), policy);
    expect(await failures(`account:${who.accountKey}`)).toBe(1);
  });

  it("counts every one of many concurrent failures, as several portal instances would send them", async () => {
    const who = subject();
    await Promise.all(Array.from({ length: 20 }, () => recordLoginFailure(database.db, who, t0, policy)));
    expect(await failures(`account:${who.accountKey}`)).toBe(20);
    expect(await failures(`source:${who.source}`)).toBe(20);
    expect(await checkLoginThrottle(database.db, who, t0)).toMatchObject({
      allowed: false,
      retryAfterMs: 60_000,
    });
  });

  it("prunes rows that are old and no longer locked", async () => {
    const old = subject();
    const recent = subject();
    await recordLoginFailure(database.db, old, at(-2 * 86_400_000), policy);
    await recordLoginFailure(database.db, recent, t0, policy);
    expect(await pruneLoginThrottle(database.db, at(-86_400_000))).toBe(2);
    expect(await failures(`account:${old.accountKey}`)).toBe(0);
    expect(await failures(`account:${recent.accountKey}`)).toBe(1);
  });
});
