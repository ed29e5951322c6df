// The learner's HTTP API called with real Requests: each forbidden path gets its status.
import { randomUUID } from "node:crypto";
import type { Database } from "@tremplin/db/client";
import { enrolments } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import type { Role } from "@tremplin/domain/auth";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/server/auth/options";
import { signLaunchTicket } from "@/server/scorm/launch-ticket";
import { scormRoutes } from "@/server/scorm/scorm-routes";
import { scormPackage, zipOf } from "@/server/scorm/test-packages";
import { learningRoutes } from "./learning-routes";
import { buildLearningWorld, type LearningWorld } from "./test-world";

let database: Database;
let w: LearningWorld;
let current: SessionUser | undefined;
let cleanupStore: () => Promise<void>;
let learning: ReturnType<typeof learningRoutes>;
let scorm: ReturnType<typeof scormRoutes>;
let sessionId: string;
const now = new Date("2026-11-20T10:00:00Z");

const as = (
  u: { id: string; displayName: string; username: string },
  roles: Role[] = ["learner"],
): SessionUser => ({
  id: u.id,
  name: u.displayName,
  username: u.username,
  roles,
  source: "local",
});
const post = (body: unknown, url = "http://portal.test/api") =>
  new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const params = <T>(p: T) => ({ params: Promise.resolve(p) });
// Package files are read with the player's launch ticket, not the session (launch-ticket.ts).
const ticketFor = (moduleId: string, userId: string) =>
  signLaunchTicket({ moduleId, version: 1, holder: { userId, role: "learner" }, now });

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildLearningWorld(database.db);
  const tmp = await makeTmpDir("tremplin-routes-");
  cleanupStore = tmp.cleanup;
  const deps = {
    getDb: async () => database.db,
    getUser: async () => current,
    getStore: () => ({ root: tmp.dir }),
    now: () => now,
  };
  learning = learningRoutes(deps);
  scorm = scormRoutes({ ...deps, maxUploadBytes: 64 * 1024 });
  sessionId = (
    await w.addSession({
      startsAt: new Date("2026-11-23T08:00:00Z"),
      endsAt: new Date("2026-11-23T16:00:00Z"),
    })
  ).id;
});
afterAll(async () => {
  await cleanupStore();
  await w.cleanup();
  await database.close();
});

describe("enrolment API", () => {
  it("answers 401 to a visitor and 403 to a trainer", async () => {
    current = undefined;
    expect((await learning.enrol(post({ sessionId }))).status).toBe(401);
    current = as(w.trainer, ["trainer"]);
    expect((await learning.enrol(post({ sessionId }))).status).toBe(403);
  });

  it("enrols, then refuses a second time with a French message", async () => {
    current = as(w.learners[0]!);
    const first = await learning.enrol(post({ sessionId }));
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ outcome: "enrolled" });
    const second = await learning.enrol(post({ sessionId }));
    expect(second.status).toBe(409);
    expect(await second.json()).toEqual({
      error: { code: "conflict", message: "Vous êtes déjà inscrit(e) à cette session.", issues: [] },
    });
    expect((await learning.enrol(post({ sessionId: "x" }))).status).toBe(404);
    expect(
      (await learning.enrol(new Request("http://portal.test", { method: "POST", body: "{" }))).status,
    ).toBe(400);
  });

  it("answers 404 when a learner cancels someone else's enrolment, and leaves it", async () => {
    const [lea] = await database.db
      .select()
      .from(enrolments)
      .where(eq(enrolments.learnerId, w.learners[0]!.id));
    current = as(w.learners[1]!);
    const response = await learning.cancel(
      new Request("http://portal.test", { method: "DELETE" }),
      params({ id: lea!.id }),
    );
    expect(response.status).toBe(404);
    expect((await database.db.select().from(enrolments).where(eq(enrolments.id, lea!.id)))[0]!.status).toBe(
      "enrolled",
    );
  });
});

describe("player API", () => {
  it("answers 404 to heartbeats and commits on modules of a training the learner is not in", async () => {
    current = as(w.learners[1]!);
    const moduleId = w.modules[0]!.id;
    expect((await learning.heartbeat(post({ moduleId, activeSeconds: 30 }))).status).toBe(404);
    const commit = await scorm.commit(
      post({ "cmi.core.lesson_location": "1" }, `http://portal.test/c?launch=${randomUUID()}`),
      params({ moduleId }),
    );
    expect(commit.status).toBe(404);
    const content = await scorm.content(
      new Request("http://portal.test"),
      params({ moduleId, version: "1", ticket: ticketFor(moduleId, current.id), path: ["index.html"] }),
    );
    expect(content.status).toBe(404);
  });

  it("accepts a heartbeat sent by sendBeacon (text/plain)", async () => {
    current = as(w.learners[0]!);
    const beacon = new Request("http://portal.test", {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify({ moduleId: w.modules[0]!.id, activeSeconds: 20 }),
    });
    const response = await learning.heartbeat(beacon);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ creditedSeconds: 20, totalSeconds: 20 });
  });
});

describe("SCORM import and commit over HTTP", () => {
  const upload = (zip: Buffer, fields: Record<string, string>) => {
    const form = new FormData();
    form.set("package", new Blob([new Uint8Array(zip)], { type: "application/zip" }), "cours.zip");
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return scorm.import(new Request("http://portal.test", { method: "POST", body: form }));
  };
  let moduleId: string;

  it("lets IT import, refuses learners, and explains a bad package next to the field", async () => {
    const fields = { trainingId: w.basics.id, title: "Sécurité", durationMinutes: "20" };
    current = as(w.learners[0]!);
    expect((await upload(scormPackage("2004"), fields)).status).toBe(403);
    current = as(w.it, ["it_admin"]);
    const bad = await upload(zipOf({ "index.html": new Uint8Array([60]) }), fields);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { issues: [{ path: "package", message: "imsmanifest.xml manquant" }] },
    });
    const tooBig = await upload(
      zipOf({
        "imsmanifest.xml": crypto.getRandomValues(new Uint8Array(65_000)),
        "x.bin": crypto.getRandomValues(new Uint8Array(10_000)),
      }),
      fields,
    );
    expect(tooBig.status).toBe(400);
    expect((await tooBig.json()).error.message).toMatch(/Paquet trop volumineux/);
    const missingTitle = await upload(scormPackage("2004"), { ...fields, title: "" });
    expect(await missingTitle.json()).toMatchObject({
      error: { issues: [{ path: "title", message: "titre requis" }] },
    });
    const ok = await upload(scormPackage("2004"), fields);
    expect(ok.status).toBe(201);
    moduleId = (await ok.json()).moduleId;
  });

  it("answers the runtime's commit with success only once stored, and serves the package", async () => {
    current = as(w.learners[0]!);
    const launch = randomUUID();
    const response = await scorm.commit(
      post(
        { "cmi.location": "2", "cmi.suspend_data": "s", "cmi.completion_status": "incomplete" },
        `http://portal.test/c?launch=${launch}`,
      ),
      params({ moduleId }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: true, errorCode: 0, stored: true, attempt: null });
    const tooLong = await scorm.commit(
      post({ "cmi.location": "x".repeat(1001) }, `http://portal.test/c?launch=${launch}`),
      params({ moduleId }),
    );
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).not.toHaveProperty("result");
    const html = await scorm.content(
      new Request("http://portal.test"),
      params({ moduleId, version: "1", ticket: ticketFor(moduleId, current!.id), path: ["index.html"] }),
    );
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });
});
