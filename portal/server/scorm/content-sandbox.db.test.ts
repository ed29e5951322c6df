// Security issue #16, class 1: uploaded content never runs as the viewer, and IT can withdraw a
// bad version. The browser's side of the sandbox is proven in e2e/journeys/security-scorm.spec.ts.
import type { Database } from "@tremplin/db/client";
import { auditLog, modules } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/server/auth/options";
import { getModulePlayer } from "@/server/learning/get-module-player";
import { buildLearningWorld, type LearningWorld } from "@/server/learning/test-world";
import type { ContentStore } from "./content-store";
import { importModuleFile } from "./import-module-file";
import { importScormPackage } from "./import-scorm-package";
import { signLaunchTicket } from "./launch-ticket";
import { scormRoutes } from "./scorm-routes";
import { scormPackage } from "./test-packages";
import { withdrawContentVersion } from "./withdraw-content-version";

let database: Database;
let w: LearningWorld;
let store: ContentStore;
let cleanupStore: () => Promise<void>;
let routes: ReturnType<typeof scormRoutes>;
let current: SessionUser | undefined;
const now = new Date("2026-11-24T09:00:00Z");
const itActor = () => ({ id: w.it.id, name: w.it.displayName, username: w.it.username, roles: w.it.roles });
const lea = () => w.learners[0]!;

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildLearningWorld(database.db);
  const tmp = await makeTmpDir("tremplin-sandbox-");
  store = { root: tmp.dir };
  cleanupStore = tmp.cleanup;
  routes = scormRoutes({
    getDb: async () => database.db,
    getUser: async () => current,
    getStore: () => store,
    now: () => now,
  });
  const session = await w.addSession({
    startsAt: new Date("2026-11-24T08:00:00Z"),
    endsAt: new Date("2026-11-24T16:00:00Z"),
  });
  await w.enrol(session.id, lea().id);
});
afterAll(async () => {
  await cleanupStore();
  await w.cleanup();
  await database.close();
});

const importPackage = (target: object, version: "1.2" | "2004" = "1.2") =>
  importScormPackage(database.db, { actor: itActor(), store, target, zip: scormPackage(version), now });
const newModule = () => ({ trainingId: w.basics.id, title: "Module SCORM", durationMinutes: 30 });

/** A GET of a package file as the player's frame makes it: a ticket in the path, no session. */
async function fetchFile(input: { moduleId: string; version: number; file: string; ticket?: string }) {
  current = undefined;
  const ticket =
    input.ticket ??
    signLaunchTicket({
      moduleId: input.moduleId,
      version: input.version,
      holder: { userId: lea().id, role: "learner" },
      now,
    });
  const params = {
    moduleId: input.moduleId,
    version: String(input.version),
    ticket,
    path: input.file.split("/"),
  };
  return routes.content(new Request("http://portal.test/x"), { params: Promise.resolve(params) });
}

describe("package files run in their own sandbox", () => {
  let moduleId: string;
  beforeAll(async () => {
    moduleId = (await importPackage(newModule())).moduleId;
  });

  it("serves every package file with a CSP sandbox that has neither same-origin nor top navigation", async () => {
    for (const file of ["index.html", "sco.js", "images/logo.svg"]) {
      const response = await fetchFile({ moduleId, version: 1, file });
      expect(response.status).toBe(200);
      const csp = response.headers.get("content-security-policy") ?? "";
      const sandbox = csp.split(";")[0]!.trim().split(/\s+/);
      expect(sandbox[0]).toBe("sandbox");
      expect(sandbox).toContain("allow-scripts");
      expect(sandbox.filter((flag) => /same-origin|top-navigation/.test(flag))).toEqual([]);
    }
  });

  it("puts the SCORM bridge first in the package's pages, and only there", async () => {
    const page = await (await fetchFile({ moduleId, version: 1, file: "index.html" })).text();
    expect(page.indexOf("window.API = api")).toBeGreaterThan(0);
    expect(page.indexOf("window.API = api")).toBeLessThan(page.indexOf('<script src="sco.js">'));
    expect(await (await fetchFile({ moduleId, version: 1, file: "sco.js" })).text()).toBe(
      "window.SCO_LOADED = true;",
    );
  });

  it("refuses a missing, forged, expired or borrowed ticket, and a learner without a seat", async () => {
    const other = await importPackage(newModule());
    const forLea = signLaunchTicket({
      moduleId,
      version: 1,
      holder: { userId: lea().id, role: "learner" },
      now,
    });
    const [payload, signature] = forLea.split(".");
    const cases = {
      garbage: "not-a-ticket",
      forged: `${Buffer.from(JSON.stringify({ u: lea().id, r: "it_admin", e: now.getTime() + 1e6 })).toString("base64url")}.${signature}`,
      "other signature": `${payload}.${signature!.replace(/^./, (c) => (c === "A" ? "B" : "A"))}`,
      expired: signLaunchTicket({
        moduleId,
        version: 1,
        holder: { userId: lea().id, role: "learner" },
        now: new Date(now.getTime() - 9 * 3600 * 1000),
      }),
      "another module's": signLaunchTicket({
        moduleId: other.moduleId,
        version: 1,
        holder: { userId: lea().id, role: "learner" },
        now,
      }),
      "another version's": signLaunchTicket({
        moduleId,
        version: 2,
        holder: { userId: lea().id, role: "learner" },
        now,
      }),
      "no seat": signLaunchTicket({
        moduleId,
        version: 1,
        holder: { userId: w.learners[1]!.id, role: "learner" },
        now,
      }),
    };
    for (const [name, ticket] of Object.entries(cases)) {
      const response = await fetchFile({ moduleId, version: 1, file: "index.html", ticket });
      expect({ name, status: response.status }).toEqual({ name, status: 404 });
    }
  });

  it("serves an attached document as a download that cannot run", async () => {
    const file = await importModuleFile(database.db, {
      actor: itActor(),
      store,
      target: { trainingId: w.basics.id, title: "Fiche", durationMinutes: 5 },
      fileName: "fiche.html",
      bytes: Buffer.from("<script>fetch('/api/v1/learning/enrolments')</script>"),
      now,
    });
    const response = await fetchFile({ moduleId: file.moduleId, version: 1, file: "x" });
    expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(response.headers.get("content-security-policy")).toMatch(/^sandbox;/);
  });
});

describe("IT withdraws a content version", () => {
  let moduleId: string;
  const withdraw = (version: number, reason = "Le paquet appelle un site externe.") =>
    withdrawContentVersion(database.db, { actor: itActor(), body: { moduleId, version, reason }, now });
  const player = () =>
    getModulePlayer(database.db, { learner: { id: lea().id, name: "André, Léa" }, moduleId, now });

  beforeAll(async () => {
    moduleId = (await importPackage(newModule(), "1.2")).moduleId;
    await importPackage({ moduleId }, "2004");
  });

  it("stops serving the version at once, and gives learners the latest version still in force", async () => {
    expect((await fetchFile({ moduleId, version: 2, file: "index.html" })).status).toBe(200);
    expect(await withdraw(2)).toEqual({ moduleId, withdrawnVersion: 2, servedVersion: 1 });

    const stale = await fetchFile({ moduleId, version: 2, file: "index.html" });
    expect(stale.status).toBe(404);
    expect((await stale.json()).error.message).toMatch(/retirée par la DSI/);
    expect((await fetchFile({ moduleId, version: 1, file: "index.html" })).status).toBe(200);
    expect((await player()).content).toMatchObject({
      kind: "scorm",
      scormVersion: "1.2",
      launchUrl: expect.stringMatching(new RegExp(`^/api/v1/scorm/content/${moduleId}/1/`)),
    });
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, moduleId), eq(auditLog.action, "module.content_withdrawn")));
    expect(audit.map((a) => [a.actorId, a.details])).toEqual([
      [w.it.id, { contentVersion: 2, reason: "Le paquet appelle un site externe.", servedVersion: 1 }],
    ]);
  });

  it("refuses a second withdrawal, a missing reason, and anyone but IT", async () => {
    await expect(withdraw(2)).rejects.toMatchObject({ code: "conflict" });
    await expect(withdraw(1, " ")).rejects.toMatchObject({
      code: "invalid_input",
      issues: [expect.objectContaining({ path: "reason" })],
    });
    current = { id: lea().id, name: "Léa", username: "lea", roles: ["learner"], source: "local" };
    const request = new Request("http://portal.test/api/v1/scorm/withdrawals", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ moduleId, version: 1, reason: "Je n'aime pas ce module." }),
    });
    expect((await routes.withdraw(request)).status).toBe(403);
    expect((await fetchFile({ moduleId, version: 1, file: "index.html" })).status).toBe(200);
  });

  it("leaves the module unavailable when no version is left, and never reuses a withdrawn number", async () => {
    expect(await withdraw(1)).toEqual({ moduleId, withdrawnVersion: 1, servedVersion: null });
    expect((await player()).content).toEqual({ kind: "unavailable" });
    expect((await fetchFile({ moduleId, version: 1, file: "index.html" })).status).toBe(404);
    const next = await importPackage({ moduleId }, "1.2");
    expect(next.contentVersion).toBe(3);
    const [row] = await database.db.select().from(modules).where(eq(modules.id, moduleId));
    expect(row).toMatchObject({ contentVersion: 3 });
    expect((await fetchFile({ moduleId, version: 3, file: "index.html" })).status).toBe(200);
  });
});
