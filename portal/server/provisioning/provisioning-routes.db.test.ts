import type { Database } from "@tremplin/db/client";
import { provisioningRuns } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { type Directory, openDirectory } from "@tremplin/directory/client";
import { parseDirectoryEnv } from "@tremplin/directory/config";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SessionUser } from "@/server/auth/options";
import { provisioningRoutes } from "./provisioning-routes";
import { scheduleLabel } from "./run-record";
import { buildProvisioningWorld, type ProvisioningWorld } from "./test-fixtures";

const token = "jeton-de-test-0123456789abcdef0123456789";
const now = new Date("2026-11-23T09:00:00Z");
let database: Database;
let world: ProvisioningWorld;
// Never reached: every request here stops before any LDAP operation (it connects lazily).
let directory: Directory;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildProvisioningWorld(database.db, now);
  directory = await openDirectory(
    parseDirectoryEnv({
      TREMPLIN_LDAP_URL: "ldaps://dc.invalid:636",
      TREMPLIN_LDAP_BASE_DN: "DC=region,DC=test",
      TREMPLIN_LDAP_BIND_DN: "CN=svc,DC=region,DC=test",
      TREMPLIN_LDAP_BIND_PASSWORD: "secret",
      TREMPLIN_LDAP_USERS_OU: "OU=Stagiaires,DC=region,DC=test",
    })!,
  );
});
afterAll(async () => {
  await directory?.close();
  await database?.close();
});
// Each test starts with no run holding the slot.
beforeEach(async () => {
  await database.db
    .update(provisioningRuns)
    .set({ status: "abandoned" })
    .where(eq(provisioningRuns.status, "running"));
});

const asUser = (u: ProvisioningWorld["it"]): SessionUser => ({
  ...u,
  roles: u.roles as SessionUser["roles"],
  source: "local",
});

function api(options: { user?: SessionUser; withDirectory?: boolean; configuredToken?: string } = {}) {
  return provisioningRoutes({
    getDb: async () => database.db,
    findDirectory: () => (options.withDirectory === false ? undefined : Promise.resolve(directory)),
    token: () => ("configuredToken" in options ? options.configuredToken : token),
    findUser: async () => options.user,
    now: () => now,
  });
}

function post(body: unknown, headers: Record<string, string> = {}) {
  return new Request("http://portail.test/api/v1/provisioning/runs", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
const bearer = (value = token) => ({ authorization: `Bearer ${value}` });

describe("POST /api/v1/provisioning/runs", () => {
  it("answers 401 without a token or session, and with a wrong or unconfigured token", async () => {
    for (const [routes, headers] of [
      [api(), {}],
      [api(), bearer("mauvais-jeton")],
      [api(), { authorization: "Basic dXNlcjpwYXNz" }],
      [api({ configuredToken: undefined }), bearer()],
      // A wrong token is refused even when the browser also carries an IT session.
      [api({ user: asUser(world.it) }), bearer("mauvais-jeton")],
    ] as const) {
      const response = await routes.createRun(post({ days: 7 }, headers));
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("unauthenticated");
    }
  });

  it("answers 403 to a signed-in person who is not IT", async () => {
    const response = await api({ user: asUser(world.trainer) }).createRun(post({ days: 7 }));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "forbidden" } });
  });

  it("answers 400 naming the field on bad input", async () => {
    const cases: [unknown, string][] = [
      [{ days: -1 }, "days"],
      [{ days: 61 }, "days"],
      [{ days: "sept" }, "days"],
      [{ sessionId: "pas-un-uuid" }, "sessionId"],
      [{ days: 7, sweep: "oui" }, "sweep"],
      [{ days: 7, sessionId: "9c5b94b1-35ad-49bb-b118-8c8fc3a2e0c1" }, "days"],
      [{ sweep: false }, "days"],
    ];
    for (const [body, field] of cases) {
      const response = await api().createRun(post(body, bearer()));
      expect(response.status, JSON.stringify(body)).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe("invalid_input");
      expect(error.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    const unknownKey = await api().createRun(post({ days: 7, dryRun: true }, bearer()));
    expect(unknownKey.status).toBe(400);
    expect(JSON.stringify(await unknownKey.json())).toContain("dryRun");
    expect((await api().createRun(post("{pas du json", bearer()))).status).toBe(400);
    const form = await api().createRun(
      post("days=7", { ...bearer(), "content-type": "application/x-www-form-urlencoded" }),
    );
    expect(form.status).toBe(400);
    const big = await api().createRun(post({ days: 7, pad: "x".repeat(10_000) }, bearer()));
    expect(big.status).toBe(413);
  });

  it("runs for the scheduled job with the token and records it as such", async () => {
    const response = await api().createRun(post({ days: 7, sweep: false }, bearer()));
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const result = await response.json();
    expect(result).toMatchObject({
      status: "succeeded",
      sessions: [],
      recorded: true,
      scope: { kind: "upcoming", days: 7 },
    });
    const [run] = await database.db
      .select()
      .from(provisioningRuns)
      .where(eq(provisioningRuns.id, result.runId));
    expect(run).toMatchObject({
      trigger: "schedule",
      actorId: null,
      actorLabel: scheduleLabel,
      status: "succeeded",
    });
  });

  it("refuses a second run while one is going, and frees a slot left by a dead process", async () => {
    await database.db.insert(provisioningRuns).values({
      startedAt: new Date(now.getTime() - 60_000),
      trigger: "portal",
      actorLabel: "Nadia Dsi (dsi)",
      scope: { kind: "upcoming", days: 7 },
      status: "running",
    });
    const busy = await api().createRun(post({ days: 7, sweep: false }, bearer()));
    expect(busy.status).toBe(409);
    expect((await busy.json()).error.message).toContain("déjà en cours");

    await database.db
      .update(provisioningRuns)
      .set({ startedAt: new Date(now.getTime() - 3_600_000) })
      .where(eq(provisioningRuns.status, "running"));
    const after = await api().createRun(post({ days: 7, sweep: false }, bearer()));
    expect(after.status).toBe(201);
    const abandoned = await database.db
      .select()
      .from(provisioningRuns)
      .where(eq(provisioningRuns.status, "abandoned"));
    expect(abandoned.some((r) => r.actorLabel === "Nadia Dsi (dsi)")).toBe(true);
  });

  it("says so when no directory is configured", async () => {
    const response = await api({ withDirectory: false }).createRun(post({ days: 7 }, bearer()));
    expect(response.status).toBe(503);
    expect((await response.json()).error.message).toBe(
      "Aucun annuaire configuré : les comptes locaux seulement.",
    );
  });

  it("answers 404 for an unknown session and 409 for a cancelled or finished one", async () => {
    const unknown = await api().createRun(
      post({ sessionId: "9c5b94b1-35ad-49bb-b118-8c8fc3a2e0c1" }, bearer()),
    );
    expect(unknown.status).toBe(404);
    const cancelled = await world.addSession(2, 1, { cancelledAt: now });
    const finished = await world.addSession(-5, 1);
    for (const s of [cancelled, finished]) {
      const response = await api().createRun(post({ sessionId: s.id }, bearer()));
      expect(response.status).toBe(409);
      expect((await response.json()).error.issues[0].path).toBe("sessionId");
    }
  });
});
