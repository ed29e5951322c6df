import { randomUUID } from "node:crypto";
import type { Database } from "@tremplin/db/client";
import {
  attendanceRecords,
  auditLog,
  deviceEvents,
  enrolments,
  kioskHeartbeats,
  kiosks,
} from "@tremplin/db/schema";
import type { DeviceEvent, HeartbeatRequest } from "@tremplin/domain/device";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { issueRegistrationCode } from "../fleet/issue-registration-code";
import { revokeKiosk } from "../fleet/revoke-kiosk";
import { deviceRoutes } from "./device-routes";
import { setUpDeviceWorld, type World } from "./test-fixtures";

const now = new Date("2026-11-23T10:00:00Z");
let database: Database;
let world: World;
let api: ReturnType<typeof deviceRoutes>;

setUpDeviceWorld(now, (d, w) => {
  database = d;
  world = w;
  api = deviceRoutes({ getDb: async () => database.db, now: () => now });
});

const base = "http://portail.test/api/v1/kiosks";
function post(path: string, body: unknown, token?: string) {
  return new Request(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
function get(path: string, token: string, headers: Record<string, string> = {}) {
  return new Request(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
}
async function register(kioskId: string): Promise<string> {
  const { code } = await issueRegistrationCode(database.db, { actor: world.admin, kioskId, now });
  const response = await api.register(
    post("/register", { code, hostname: "nuc-test", agentVersion: "0.1.0" }),
  );
  expect(response.status).toBe(201);
  return (await response.json()).token;
}
const checkIn = (over: Partial<DeviceEvent> = {}) =>
  ({
    id: randomUUID(),
    type: "check_in",
    occurredAt: "2026-11-23T09:05:00+01:00",
    post: world.kioskA.label,
    username: world.learner.username.toUpperCase(),
    sessionId: world.sessionA.id,
    role: "learner",
    master: world.master,
    accelerator: "tcg",
    ...over,
  }) as DeviceEvent;

describe("registration", () => {
  it("trades a code once for a token, stores only its hash, and refuses the code's reuse", async () => {
    const { code } = await issueRegistrationCode(database.db, {
      actor: world.admin,
      kioskId: world.kioskA2.id,
      now,
    });
    const body = { code: code.toLowerCase().replaceAll("-", " "), hostname: "nuc-a2", agentVersion: "0.1.0" };
    const first = await api.register(post("/register", body));
    expect(first.status).toBe(201);
    const registered = await first.json();
    expect(registered).toMatchObject({
      kioskId: world.kioskA2.id,
      label: world.kioskA2.label,
      room: { name: "Salle A" },
    });
    const [row] = await database.db.select().from(kiosks).where(eq(kiosks.id, world.kioskA2.id));
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.tokenHash).not.toContain(registered.token);
    expect(row?.registrationCodeHash).toBeNull();
    const again = await api.register(post("/register", body));
    expect(again.status).toBe(401);
    expect((await again.json()).error.code).toBe("unauthenticated");
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, world.kioskA2.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["kiosk.code_issued", "kiosk.registered"]);
    expect(JSON.stringify(audit)).not.toContain(code);
  });

  it("refuses an expired code", async () => {
    const { code } = await issueRegistrationCode(database.db, {
      actor: world.admin,
      kioskId: world.kioskB.id,
      now,
    });
    const later = deviceRoutes({
      getDb: async () => database.db,
      now: () => new Date(now.getTime() + 25 * 3600_000),
    });
    const response = await later.register(
      post("/register", { code, hostname: "nuc", agentVersion: "0.1.0" }),
    );
    expect(response.status).toBe(401);
  });

  it("answers a malformed body with 400 naming the field", async () => {
    const response = await api.register(post("/register", { code: "abc", hostname: "" }));
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("invalid_input");
    expect(error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      "agentVersion",
      "code",
      "hostname",
    ]);
    const notJson = await api.register(post("/register", "{nope"));
    expect(notJson.status).toBe(400);
  });
});

describe("device token", () => {
  it("gets 401 without a token, with an unknown one, and once revoked", async () => {
    const bare = await api.schedule(new Request(`${base}/me/schedule`));
    expect(bare.status).toBe(401);
    expect((await api.schedule(get("/me/schedule", `tk_${"x".repeat(43)}`))).status).toBe(401);
    const token = await register(world.kioskB.id);
    expect((await api.schedule(get("/me/schedule", token))).status).toBe(200);
    await revokeKiosk(database.db, {
      actor: world.admin,
      kioskId: world.kioskB.id,
      reason: "poste volé",
      now,
    });
    const refused = await api.schedule(get("/me/schedule", token));
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.message).toContain("révoqué");
    expect((await api.heartbeat(post("/me/heartbeat", heartbeat(), token))).status).toBe(401);
    expect((await api.events(post("/me/events", { events: [checkIn()] }, token))).status).toBe(401);
    const fresh = await register(world.kioskB.id);
    expect((await api.schedule(get("/me/schedule", fresh))).status).toBe(200);
    expect((await api.schedule(get("/me/schedule", token))).status).toBe(401);
  });
});

describe("schedule", () => {
  it("lists today's and tomorrow's sessions of its own room only, enrolled learners only", async () => {
    const token = await register(world.kioskA.id);
    const response = await api.schedule(get("/me/schedule", token));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.room).toEqual({ id: world.roomA.id, name: "Salle A" });
    expect(body.timezone).toBe("Europe/Paris");
    expect(body.sessions.map((s: { id: string }) => s.id)).toEqual([world.sessionA.id]);
    expect(body.sessions[0]).toMatchObject({
      trainingTitle: "Excel avancé",
      trainerUsername: world.trainer.username,
      enrolledUsernames: [world.learner.username],
      master: world.master,
    });
    expect(JSON.stringify(body)).not.toContain(world.sessionB.id);
  });

  it("answers 304 to its own ETag, and a new ETag once enrolments change", async () => {
    const token = await register(world.kioskA.id);
    const first = await api.schedule(get("/me/schedule", token));
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const unchanged = await api.schedule(
      get("/me/schedule", token, { "if-none-match": `W/"other", ${etag}` }),
    );
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe("");
    await database.db
      .update(enrolments)
      .set({ status: "enrolled" })
      .where(eq(enrolments.sessionId, world.sessionA.id));
    const changed = await api.schedule(get("/me/schedule", token, { "if-none-match": etag }));
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect((await changed.json()).sessions[0].enrolledUsernames).toHaveLength(2);
  });
});

describe("events", () => {
  it("stores a batch sent twice once, and turns check-in and check-out into one attendance record", async () => {
    const token = await register(world.kioskA.id);
    const inEvent = checkIn();
    const outEvent = {
      id: randomUUID(),
      type: "check_out",
      occurredAt: "2026-11-23T11:45:00+01:00",
      post: world.kioskA.label,
      username: world.learner.username,
      sessionId: world.sessionA.id,
      checkInId: inEvent.id,
      reason: "poweroff",
    };
    const first = await api.events(post("/me/events", { events: [inEvent] }, token));
    expect(await first.json()).toEqual({ accepted: [inEvent.id], duplicates: [], rejected: [] });
    const [open] = await database.db
      .select()
      .from(attendanceRecords)
      .where(eq(attendanceRecords.checkInEventId, inEvent.id));
    expect(open).toMatchObject({
      learnerId: world.learner.id,
      source: "kiosk",
      kioskId: world.kioskA.id,
      endedAt: null,
    });
    expect(open?.startedAt.toISOString()).toBe("2026-11-23T08:05:00.000Z");
    const batch = { events: [inEvent, outEvent] };
    expect(await (await api.events(post("/me/events", batch, token))).json()).toEqual({
      accepted: [outEvent.id],
      duplicates: [inEvent.id],
      rejected: [],
    });
    expect(await (await api.events(post("/me/events", batch, token))).json()).toEqual({
      accepted: [],
      duplicates: [inEvent.id, outEvent.id],
      rejected: [],
    });
    const stored = await database.db
      .select()
      .from(deviceEvents)
      .where(eq(deviceEvents.kioskId, world.kioskA.id));
    expect(stored.filter((e) => e.id === inEvent.id || e.id === outEvent.id)).toHaveLength(2);
    const records = await database.db
      .select()
      .from(attendanceRecords)
      .where(eq(attendanceRecords.learnerId, world.learner.id));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ endReason: "poweroff" });
    expect(records[0]?.endedAt?.toISOString()).toBe("2026-11-23T10:45:00.000Z");
  });

  it("rejects events naming another room's session, keeps trainers and errors out of attendance", async () => {
    const token = await register(world.kioskA.id);
    const foreign = checkIn({ sessionId: world.sessionB.id });
    const trainer = checkIn({ username: world.trainer.username, role: "trainer" } as Partial<DeviceEvent>);
    const error = {
      id: randomUUID(),
      type: "error",
      occurredAt: now.toISOString(),
      post: world.kioskA.label,
      username: null,
      sessionId: null,
      code: "qemu_crashed",
      message: "QEMU s'est arrêté",
    };
    const result = await (
      await api.events(post("/me/events", { events: [foreign, trainer, error] }, token))
    ).json();
    expect(result.accepted.sort()).toEqual([trainer.id, error.id].sort());
    expect(result.rejected).toEqual([{ id: foreign.id, message: expect.stringContaining("salle") }]);
    const [stored] = await database.db.select().from(deviceEvents).where(eq(deviceEvents.id, foreign.id));
    expect(stored).toBeUndefined();
    const trainerRecords = await database.db
      .select()
      .from(attendanceRecords)
      .where(eq(attendanceRecords.learnerId, world.trainer.id));
    expect(trainerRecords).toHaveLength(0);
  });

  it("answers a malformed batch with 400 naming the field, and stores nothing", async () => {
    const token = await register(world.kioskA.id);
    const bad = { ...checkIn(), occurredAt: "hier" };
    const response = await api.events(post("/me/events", { events: [checkIn(), bad] }, token));
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.issues[0].path).toBe("events.1.occurredAt");
    const tooMany = await api.events(
      post("/me/events", { events: Array.from({ length: 101 }, () => checkIn()) }, token),
    );
    expect(tooMany.status).toBe(400);
  });
});

describe("heartbeat", () => {
  it("updates the post's row and appends to its history", async () => {
    const token = await register(world.kioskA.id);
    const response = await api.heartbeat(post("/me/heartbeat", heartbeat(), token));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ receivedAt: now.toISOString() });
    const [row] = await database.db.select().from(kiosks).where(eq(kiosks.id, world.kioskA.id));
    expect(row).toMatchObject({ lastSeenAt: now, accelerator: "tcg", outboxDepth: 3, agentVersion: "0.2.0" });
    expect(row?.inventory).toMatchObject({
      masters: [{ ...world.master, verified: true }],
      hostname: "nuc-a1",
    });
    const history = await database.db
      .select()
      .from(kioskHeartbeats)
      .where(eq(kioskHeartbeats.kioskId, world.kioskA.id));
    expect(history).toHaveLength(1);
    const bad = await api.heartbeat(post("/me/heartbeat", { ...heartbeat(), outboxDepth: -1 }, token));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe("outboxDepth");
  });
});

function heartbeat(): HeartbeatRequest {
  return {
    sentAt: now.toISOString(),
    agentVersion: "0.2.0",
    state: "idle",
    accelerator: "tcg",
    acceleratorReason: "KVM internal error",
    outboxDepth: 3,
    masters: [{ ...world.master, verified: true }],
    inventory: {
      cpu: { model: "Intel N100", cores: 4, physicalCores: 4, virtualization: true },
      memory: { totalBytes: 16e9, availableBytes: 12e9 },
      disk: { mount: "/var/lib/tremplin", totalBytes: 500e9, freeBytes: 300e9 },
      network: [{ iface: "eth0", ip4: "10.0.0.12", mac: "aa:bb:cc:dd:ee:ff", speedMbps: 1000 }],
      os: { distro: "Debian", release: "12", kernel: "6.1", arch: "x64", hostname: "nuc-a1" },
      uptimeSeconds: 3600,
    },
  };
}
