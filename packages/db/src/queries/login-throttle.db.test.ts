import { type ThrottlePolicy, throttlePolicyFor } from "@tremplin/domain/auth";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../client";
import { loginThrottle } from "../schema/index";
import { createTestDatabase } from "../testing";
import {
  pruneLoginThrottle,
  recordLoginFailure,
  recordLoginSuccess,
  reserveLoginAttempt,
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
const minute = 60_000;
// The domain locks at 5 failures within 30 minutes: 4 attempts may reach it.
const policy: ThrottlePolicy = throttlePolicyFor({ threshold: 5, observationWindowMs: 30 * minute });

const failures = async (key: string) =>
  (await database.db.select().from(loginThrottle).where(eq(loginThrottle.key, key)))[0]?.failures ?? 0;

/** One attempt that reaches the directory and fails, as the sign-in does it. */
async function wrongPassword(who: { accountKey: string; source: string }, now: Date) {
  const decision = await reserveLoginAttempt(database.db, who, now, policy);
  if (decision.allowed) await recordLoginFailure(database.db, who, now, policy);
  return decision;
}

describe("login throttle in the database", () => {
  it("makes one address wait on one account, while the person signs in from elsewhere", async () => {
    const who = subject();
    for (let i = 0; i < 2; i++) expect(await wrongPassword(who, t0)).toEqual({ allowed: true });
    expect(await reserveLoginAttempt(database.db, who, t0, policy)).toEqual({ allowed: true });
    expect(await recordLoginFailure(database.db, who, t0, policy)).toMatchObject({
      allowed: false,
      scope: "pair",
      retryAfterMs: 15_000,
    });
    expect(await reserveLoginAttempt(database.db, who, at(1), policy)).toMatchObject({
      allowed: false,
      scope: "pair",
    });
    // The real person, at their own desk: not held back by the guesses above.
    const person = { ...who, source: "10.9.9.9" };
    expect(await reserveLoginAttempt(database.db, person, at(1), policy)).toEqual({ allowed: true });
  });

  it("lets at most threshold − 1 attempts reach AD from any number of addresses", async () => {
    const account = `victim${++n}`;
    const decisions = [];
    for (let i = 0; i < 8; i++)
      decisions.push(await wrongPassword({ accountKey: account, source: `198.51.100.${i}` }, at(i)));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, false, false, false, false]);
    expect(decisions[4]).toMatchObject({ scope: "account" });
    expect(await failures(`account:${account}`)).toBe(4);
    // Once AD has forgotten them (the window and a margin after the last one), a fresh run.
    const after = at(3 + 33 * minute + 1);
    expect(
      await reserveLoginAttempt(database.db, { accountKey: account, source: "x" }, after, policy),
    ).toEqual({
      allowed: true,
    });
    expect(await failures(`account:${account}`)).toBe(1);
  });

  it("lets no more than the budget through when twenty attempts arrive at once", async () => {
    const account = `burst${++n}`;
    const decisions = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        reserveLoginAttempt(database.db, { accountKey: account, source: `203.0.113.${i}` }, t0, policy),
      ),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(4);
  });

  it("counts every spelling of an account as one, and a success clears the account and pair only", async () => {
    const who = subject();
    await wrongPassword({ ...who, accountKey: who.accountKey.toUpperCase() }, t0);
    await wrongPassword(who, t0);
    expect(await failures(`account:${who.accountKey}`)).toBe(2);
    expect(await failures(`pair:${who.accountKey}|${who.source}`)).toBe(2);
    await recordLoginSuccess(database.db, who);
    expect(await failures(`account:${who.accountKey}`)).toBe(0);
    expect(await failures(`pair:${who.accountKey}|${who.source}`)).toBe(0);
    expect(await failures(`source:${who.source}`)).toBe(2);
  });

  it("makes an address guessing at many accounts wait", async () => {
    const source = "192.0.2.50";
    for (let i = 0; i < 30; i++) await wrongPassword({ accountKey: `many${i}`, source }, t0);
    expect(
      await recordLoginFailure(database.db, { accountKey: "many-last", source }, t0, policy),
    ).toMatchObject({
      allowed: false,
      scope: "source",
    });
    expect(
      await reserveLoginAttempt(database.db, { accountKey: "someone-else", source }, at(1), policy),
    ).toMatchObject({ allowed: false, scope: "source" });
  });

  it("counts every one of many concurrent failures, as several portal instances would send them", async () => {
    const who = subject();
    await Promise.all(Array.from({ length: 20 }, () => recordLoginFailure(database.db, who, t0, policy)));
    expect(await failures(`pair:${who.accountKey}|${who.source}`)).toBe(20);
    expect(await failures(`source:${who.source}`)).toBe(20);
  });

  it("prunes rows that are old and no longer locked", async () => {
    const old = subject();
    const recent = subject();
    await wrongPassword(old, at(-2 * 86_400_000));
    await wrongPassword(recent, t0);
    expect(await pruneLoginThrottle(database.db, at(-86_400_000))).toBe(3);
    expect(await failures(`account:${old.accountKey}`)).toBe(0);
    expect(await failures(`account:${recent.accountKey}`)).toBe(1);
  });
});
