import { randomBytes } from "node:crypto";
import type { Database } from "@tremplin/db/client";
import { findUserByUsername } from "@tremplin/db/queries/users";
import { auditLog, provisioningRuns } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { authenticate } from "@tremplin/directory/authenticate";
import type { Directory } from "@tremplin/directory/client";
import { startTestDirectory, type TestDirectory } from "@tremplin/directory/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { provisionSessions } from "./provision-session";
import type { ProvisioningResult } from "./report";
import type { RunBy } from "./run-record";
import { sweepExpiredAccounts } from "./sweep-expired-accounts";
import { buildProvisioningWorld, type ProvisioningWorld } from "./test-fixtures";

const day = 86_400_000;
let ad: TestDirectory;
let service: { dn: string; password: string };
beforeAll(async () => {
  ad = await startTestDirectory();
  const operators = `CN=Account Operators,CN=Builtin,${ad.dc.baseDn}`;
  service = await ad.admin.createUser(await ad.admin.createOu(), { groups: [operators] });
});
afterAll(() => ad?.stop());

/**
 * Each test: its own database and OU. The service account has the rights a real one gets: a
 * member of Account Operators (create and manage users and groups in OUs), not an administrator.
 */
let open: { database: Database; directory: Directory }[] = [];
afterEach(async () => {
  for (const o of open) {
    await o.directory.close();
    await o.database.close();
  }
  open = [];
});

async function setup(env: Record<string, string> = {}) {
  const now = new Date();
  const ouName = `Stagiaires-${randomBytes(3).toString("hex")}`;
  // Created by the domain's administrators: a delegated service account may not create OUs.
  const ouDn = await ad.admin.createOu(ouName);
  const database = await createTestDatabase();
  const directory = await ad.open({
    TREMPLIN_LDAP_BIND_DN: service.dn,
    TREMPLIN_LDAP_BIND_PASSWORD: service.password,
    TREMPLIN_LDAP_USERS_OU: ouDn,
    TREMPLIN_LDAP_GRACE_DAYS: "7",
    TREMPLIN_LDAP_MUST_CHANGE_PASSWORD: "false",
    ...env,
  });
  open.push({ database, directory });
  const world: ProvisioningWorld = await buildProvisioningWorld(database.db, now);
  const by: RunBy = { kind: "user", user: world.it };
  const deps = (clock = () => new Date()) => ({ db: database.db, directory, now: clock });
  return { now, ouName, ouDn, db: database.db, directory, world, by, deps };
}

const usernames = (rows: { username: string }[]) => rows.map((r) => r.username).sort();
const passwordsOf = (result: ProvisioningResult) =>
  result.sessions.flatMap((s) => [
    ...s.report.created.map((c) => c.initialPassword),
    ...s.report.updated.flatMap((u) => (u.initialPassword ? [u.initialPassword] : [])),
  ]);

async function signIn(directory: Directory, login: string, password: string) {
  const result = await authenticate(directory, { login, password });
  return result.ok ? "ok" : result.failure.code;
}

/** Every column of every row, as PostgreSQL prints the row: a password anywhere shows up here. */
async function everyStoredText(db: Setup["db"]): Promise<string> {
  const rows = await db.execute(sql`
    select r::text as t from provisioning_runs r
    union all select a::text from audit_log a
    union all select u::text from users u`);
  const list = Array.isArray(rows) ? rows : (rows as { rows: { t: string }[] }).rows;
  return list.map((r: { t: string }) => r.t).join("\n");
}
type Setup = Awaited<ReturnType<typeof setup>>;

describe("provisioning a session into a real AD DC", () => {
  it("creates the accounts once, then changes nothing; stores no password anywhere", async () => {
    const { db, directory, world, by, deps, ouDn } = await setup();
    const session = await world.addSession(2);
    const fromAd = await world.addTrainee({ kind: "directory", displayName: "Awa Diallo" });
    const enrolledByIt = await world.addTrainee({ kind: "local", displayName: "Marc Petit" });
    const external = await world.addTrainee({ kind: "external", displayName: "Eve Externe" });
    const waiting = await world.addTrainee({ kind: "directory" });
    const staffOu = await ad.admin.createOu();
    const staff = await ad.admin.createUser(staffOu, { displayName: "Agent Région" });
    const staffInPortal = await world.addTrainee({
      kind: "directory",
      username: staff.username.toLowerCase(),
    });
    await world.enrol(session.id, [fromAd, enrolledByIt, external, staffInPortal]);
    await world.enrol(session.id, [waiting], "waitlisted");

    const first = await provisionSessions(deps(), {
      by,
      request: { sessionId: session.id, sweep: true, includePasswords: false },
    });
    expect(first).toMatchObject({ status: "succeeded", recorded: true, sweep: { disabled: [] } });
    expect(first.totals).toEqual({
      created: 2,
      updated: 0,
      disabled: 0,
      unchanged: 0,
      failed: 0,
      skipped: 2,
    });
    const outcome = first.sessions[0]!;
    expect(usernames(outcome.report.created)).toEqual(usernames([fromAd, enrolledByIt]));
    expect(outcome.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: external.username, reason: expect.stringContaining("externe") }),
        expect.objectContaining({
          username: staffInPortal.username,
          reason: expect.stringContaining("hors de l'OU"),
        }),
      ]),
    );
    for (const created of outcome.report.created) {
      expect(created.dn.toLowerCase()).toContain(ouDn.toLowerCase());
      expect(await signIn(directory, created.username, created.initialPassword)).toBe("ok");
    }
    // The staff member's own account was not touched: their password still works, no new group.
    expect(await signIn(directory, staff.username, staff.password)).toBe("ok");
    // The local account without a password now lives in AD.
    expect((await findUserByUsername(db, enrolledByIt.username))?.source).toBe("directory");

    const [run] = await db.select().from(provisioningRuns).where(eq(provisioningRuns.id, first.runId));
    expect(run).toMatchObject({
      status: "succeeded",
      created: 2,
      skipped: 2,
      trigger: "portal",
      actorId: world.it.id,
    });
    expect(run!.sessionIds).toEqual([session.id]);
    const audit = await db.select().from(auditLog).where(sql`${auditLog.details}->>'runId' = ${first.runId}`);
    expect(audit.map((a) => a.action).sort()).toEqual([
      "directory_group.created",
      "directory_user.created",
      "directory_user.created",
    ]);
    expect(audit.every((a) => a.actorId === world.it.id)).toBe(true);

    const second = await provisionSessions(deps(), {
      by,
      request: { sessionId: session.id, sweep: true, includePasswords: false },
    });
    expect(second.status).toBe("succeeded");
    expect(second.sessions[0]!.report).toEqual({
      created: [],
      updated: [],
      disabled: [],
      failed: [],
      unchanged: usernames([fromAd, enrolledByIt]),
    });
    const secondAudit = await db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.details}->>'runId' = ${second.runId}`);
    expect(secondAudit).toEqual([]);
    const finished = await db.select().from(auditLog).where(eq(auditLog.action, "provisioning_run.finished"));
    expect(finished.map((a) => a.entityId).sort()).toEqual([first.runId, second.runId].sort());

    const stored = await everyStoredText(db);
    expect(stored).toContain(fromAd.username); // the query does see the runs' text
    for (const password of passwordsOf(first)) expect(stored).not.toContain(password);
  });

  it("provisions the coming days' sessions, takes a removed trainee out, and the sweep disables expired accounts", async () => {
    const { db, directory, world, by, deps, now } = await setup();
    const soon = await world.addSession(1, 2);
    const later = await world.addSession(20, 2);
    const [ana, ben] = [await world.addTrainee({ kind: "local" }), await world.addTrainee({ kind: "local" })];
    const lateComer = await world.addTrainee();
    await world.enrol(soon.id, [ana, ben]);
    await world.enrol(later.id, [lateComer]);

    const week = await provisionSessions(deps(), {
      by,
      request: { days: 7, sweep: true, includePasswords: false },
    });
    expect(week.sessions.map((s) => s.sessionId)).toEqual([soon.id]);
    expect(usernames(week.sessions[0]!.report.created)).toEqual(usernames([ana, ben]));
    const benPassword = week.sessions[0]!.report.created.find(
      (c) => c.username === ben.username,
    )!.initialPassword;

    await world.cancelEnrolment(soon.id, ben);
    const again = await provisionSessions(deps(), {
      by,
      request: { days: 7, sweep: false, includePasswords: false },
    });
    expect(again.sweep).toBeNull();
    expect(again.sessions[0]!.report.updated).toEqual([
      expect.objectContaining({ username: ben.username, changes: ["retiré du groupe de session"] }),
    ]);
    expect(again.sessions[0]!.report.unchanged).toEqual([ana.username]);

    // Session end (3 days) + grace (7 days) has passed: both accounts get disabled.
    const afterGrace = new Date(now.getTime() + 11 * day);
    const sweep = await sweepExpiredAccounts(
      deps(() => afterGrace),
      { by },
    );
    expect(sweep).toMatchObject({ status: "succeeded", scope: { kind: "sweep" }, sessions: [] });
    expect(usernames(sweep.sweep!.disabled)).toEqual(usernames([ana, ben]));
    expect(sweep.totals.disabled).toBe(2);
    expect(await signIn(directory, ben.username, benPassword)).toBe("account_disabled");
    const disabled = await db
      .select()
      .from(auditLog)
      .where(
        sql`${auditLog.action} = 'directory_user.disabled' and ${auditLog.details}->>'runId' = ${sweep.runId}`,
      );
    expect(usernames(disabled.map((a) => ({ username: a.entityId! })))).toEqual(usernames([ana, ben]));
    // A second sweep finds nothing left to do.
    expect(
      (
        await sweepExpiredAccounts(
          deps(() => afterGrace),
          { by },
        )
      ).sweep!.disabled,
    ).toEqual([]);
  });

  it("reports each refused account with its reason, and a session the DC refused as a whole", async () => {
    const { directory, world, by, deps, ouDn, db } = await setup();
    const session = await world.addSession(3);
    const good = await world.addTrainee({ kind: "local" });
    const emailLike = await world.addTrainee({ kind: "local", username: "jean.dupont@exemple.fr" });
    const held = await ad.admin.createUser(ouDn, { state: "disabled" });
    const heldInPortal = await world.addTrainee({
      username: held.username.toLowerCase(),
      displayName: held.displayName,
    });
    const blocked = await world.addTrainee({ kind: "local", disabled: true });
    await world.enrol(session.id, [good, emailLike, heldInPortal, blocked]);

    const result = await provisionSessions(deps(), {
      by,
      request: { sessionId: session.id, sweep: false, includePasswords: false },
    });
    expect(result.status).toBe("partial");
    const report = result.sessions[0]!.report;
    expect(report.created.map((c) => c.username)).toEqual([good.username]);
    expect(report.failed).toEqual(
      expect.arrayContaining([
        { username: emailLike.username, reason: expect.stringContaining("identifiant AD invalide") },
        {
          username: held.username.toLowerCase(),
          reason: expect.stringContaining("désactivé par un administrateur"),
        },
      ]),
    );
    expect(result.sessions[0]!.skipped).toEqual([
      expect.objectContaining({ username: blocked.username, reason: "compte désactivé dans le portail" }),
    ]);
    const [run] = await db.select().from(provisioningRuns).where(eq(provisioningRuns.id, result.runId));
    expect(run).toMatchObject({ status: "partial", failed: 2, created: 1, skipped: 1 });
    expect(JSON.stringify(run!.report)).toContain("désactivé par un administrateur");

    // A service account that may only read: the session stops as a whole, with the reason.
    const weak = await ad.open({
      TREMPLIN_LDAP_USERS_OU: `OU=Autre-${randomBytes(3).toString("hex")},${ad.dc.baseDn}`,
    });
    const refused = await provisionSessions(
      { db, directory: weak },
      { by, request: { sessionId: session.id, sweep: false, includePasswords: false } },
    ).finally(() => weak.close());
    expect(refused.status).toBe("failed");
    expect(refused.sessions[0]!.error).toContain("droits");
    const [failedRun] = await db
      .select()
      .from(provisioningRuns)
      .where(eq(provisioningRuns.id, refused.runId));
    expect(failedRun).toMatchObject({ status: "failed", created: 0 });
    expect(
      await signIn(directory, good.username, result.sessions[0]!.report.created[0]!.initialPassword),
    ).toBe("ok");

    // An OU nobody created yet: nothing can have expired in it, the sweep says so and succeeds.
    const empty = await ad.open({
      TREMPLIN_LDAP_BIND_DN: service.dn,
      TREMPLIN_LDAP_BIND_PASSWORD: service.password,
      TREMPLIN_LDAP_USERS_OU: `OU=Jamais-${randomBytes(3).toString("hex")},${ad.dc.baseDn}`,
    });
    const swept = await sweepExpiredAccounts({ db, directory: empty }, { by }).finally(() => empty.close());
    expect(swept).toMatchObject({ status: "succeeded", sweep: { disabled: [] } });
  });
});
