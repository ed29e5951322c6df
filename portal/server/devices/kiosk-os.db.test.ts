import { randomUUID } from "node:crypto";
import type { Database } from "@tremplin/db/client";
import { ensureMasterVersion, insertRollout } from "@tremplin/db/queries/masters";
import { attendanceRecords, auditLog, kioskMachines, kiosks } from "@tremplin/db/schema";
import { type DeviceEvent, kioskOsMasterName, type SystemState } from "@tremplin/domain/device";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getFleetHealth } from "../fleet/get-fleet-health";
import { issueRegistrationCode } from "../fleet/issue-registration-code";
import { getSitePlan } from "../masters/get-site-plan";
import { testHeartbeat } from "../masters/test-heartbeat";
import { authenticateDevice } from "./authenticate-device";
import { deviceRoutes } from "./device-routes";
import { setUpDeviceWorld, type World } from "./test-fixtures";

const now = new Date("2026-11-23T10:00:00Z");
const later = (hours: number) => new Date(now.getTime() + hours * 3600_000);
let database: Database;
let world: World;

setUpDeviceWorld(now, (d, w) => {
  database = d;
  world = w;
});

const base = "http://portail.test/api/v1/kiosks";
const api = (at: Date) => deviceRoutes({ getDb: async () => database.db, now: () => at });
function post(path: string, body: unknown, token?: string) {
  return new Request(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}
const get = (path: string, token: string, headers: Record<string, string> = {}) =>
  new Request(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

/** IT issues a code for the post and a machine with this serial registers with it; the kiosk OS names every machine "kiosk". */
async function registerMachine(kioskId: string, serial: string, at: Date): Promise<string> {
  const { code } = await issueRegistrationCode(database.db, { actor: world.admin, kioskId, now: at });
  const response = await api(at).register(
    post("/register", {
      code,
      hostname: "kiosk",
      agentVersion: "0.2.0",
      hardware: { serial, product: "NUC11TNHi5" },
    }),
  );
  expect(response.status).toBe(201);
  return (await response.json()).token;
}

const system: SystemState = {
  osVersion: "2026.12.1",
  slot: "b",
  lastUpdate: {
    version: "2026.12.2",
    outcome: "rolled_back",
    reason: "le poste n'a pas signalé son bon état en 5 minutes",
    at: "2026-11-23T02:10:00Z",
  },
};

describe("a spare NUC takes over a dead post", () => {
  it("revokes the dead machine's token, keeps the post's attendance, and records which machine served when", async () => {
    const post1 = world.kioskA;
    const deadToken = await registerMachine(post1.id, "G6NUC0042", now);
    const checkIn = {
      id: randomUUID(),
      type: "check_in",
      occurredAt: "2026-11-23T09:05:00+01:00",
      post: post1.label,
      username: world.learner.username,
      sessionId: world.sessionA.id,
      role: "learner",
      master: world.master,
      accelerator: "kvm",
    } as DeviceEvent;
    expect((await api(now).events(post("/me/events", { events: [checkIn] }, deadToken))).status).toBe(200);
    expect(
      (await api(later(1)).heartbeat(post("/me/heartbeat", testHeartbeat([], now), deadToken))).status,
    ).toBe(200);

    // IT's replacement code alone does not cut the post off: the machine may be alive after all.
    const { code } = await issueRegistrationCode(database.db, {
      actor: world.admin,
      kioskId: post1.id,
      now: later(2),
    });
    expect((await api(later(2)).schedule(get("/me/schedule", deadToken))).status).toBe(200);
    const spare = await api(later(3)).register(
      post("/register", {
        code,
        hostname: "kiosk",
        agentVersion: "0.2.0",
        hardware: { serial: "G6NUC0077", product: null },
      }),
    );
    expect(spare.status).toBe(201);
    const taken = await spare.json();
    expect(taken).toMatchObject({ kioskId: post1.id, label: post1.label, room: { id: world.roomA.id } });

    for (const call of [
      api(later(3)).schedule(get("/me/schedule", deadToken)),
      api(later(3)).heartbeat(post("/me/heartbeat", testHeartbeat([], now), deadToken)),
      api(later(3)).events(post("/me/events", { events: [{ ...checkIn, id: randomUUID() }] }, deadToken)),
    ]) {
      expect((await call).status).toBe(401);
    }
    expect((await api(later(3)).schedule(get("/me/schedule", taken.token))).status).toBe(200);

    const machines = await database.db
      .select()
      .from(kioskMachines)
      .where(eq(kioskMachines.kioskId, post1.id))
      .orderBy(asc(kioskMachines.firstSeenAt));
    expect(machines.map((m) => [m.serial, m.product, m.firstSeenAt, m.lastSeenAt, m.replacedAt])).toEqual([
      ["G6NUC0042", "NUC11TNHi5", now, later(1), later(3)],
      ["G6NUC0077", null, later(3), null, null],
    ]);
    const replaced = await database.db.select().from(auditLog).where(eq(auditLog.action, "kiosk.replaced"));
    expect(replaced.map((a) => [a.entityId, a.details])).toEqual([
      [
        post1.id,
        {
          label: post1.label,
          fromSerial: "G6NUC0042",
          toSerial: "G6NUC0077",
          fromHostname: "kiosk",
          toHostname: "kiosk",
        },
      ],
    ]);
    // The dead machine's last state is not the spare's: the post waits for the spare's first beat.
    const [row] = await database.db.select().from(kiosks).where(eq(kiosks.id, post1.id));
    expect(row?.lastSeenAt).toBeNull();

    const attendance = await database.db
      .select()
      .from(attendanceRecords)
      .where(eq(attendanceRecords.checkInEventId, checkIn.id));
    expect(attendance).toMatchObject([{ kioskId: post1.id, learnerId: world.learner.id }]);
  });

  it("keeps the machine's row when the same NUC registers again", async () => {
    await registerMachine(world.kioskA2.id, "G6NUC0100", now);
    await registerMachine(world.kioskA2.id, "G6NUC0100", later(5));
    const machines = await database.db
      .select()
      .from(kioskMachines)
      .where(eq(kioskMachines.kioskId, world.kioskA2.id));
    expect(machines).toMatchObject([{ serial: "G6NUC0100", firstSeenAt: now, replacedAt: null }]);
  });
});

describe("the kiosk OS in heartbeats and on the fleet page", () => {
  it("stores the OS version, slot and last update, and shows them with the machine history", async () => {
    const token = await registerMachine(world.kioskB.id, "G6NUC0200", now);
    const beat = { ...testHeartbeat([], now), system };
    expect((await api(later(1)).heartbeat(post("/me/heartbeat", beat, token))).status).toBe(200);
    const bad = await api(later(1)).heartbeat(
      post("/me/heartbeat", { ...beat, system: { ...system, slot: "c" } }, token),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(["system.slot"]);

    const fleet = await getFleetHealth(database.db, { actor: world.admin, now: later(1) });
    const shown = fleet.posts.find((p) => p.id === world.kioskB.id);
    expect(shown?.system).toEqual(system);
    expect(shown?.warnings).toContain("os_update_failed");
    expect(shown?.machines).toMatchObject([{ serial: "G6NUC0200", product: "NUC11TNHi5", replacedAt: null }]);
    const takenOver = fleet.posts.find((p) => p.id === world.kioskA.id);
    expect(takenOver?.machines.map((m) => m.serial)).toEqual(["G6NUC0077", "G6NUC0042"]);
    // A hand-installed agent sends no system: shown as unknown, not as an error.
    expect(fleet.posts.find((p) => p.id === world.kioskA2.id)?.system).toBeNull();
  });
});

describe("the kiosk-OS target in the schedule", () => {
  const osVersion = (version: string) =>
    ensureMasterVersion(database.db, {
      name: kioskOsMasterName,
      os: "linux",
      description: "Système des postes",
      version,
      header: null,
      virtualSize: 1,
      publishedAt: now,
    });
  const rollOut = async (version: string, roomId: string, startsOn: string, endsOn: string) =>
    insertRollout(database.db, {
      masterVersionId: await osVersion(version),
      roomId,
      startsOn,
      endsOn,
      createdBy: world.admin.id,
    });

  it("names the last started rollout's version, lists it among the masters to fetch, and changes the ETag", async () => {
    // The room's pilot post (first by label), offered every version at once (stageForPost).
    const token = await registerMachine(world.kioskA.id, "G6NUC0077", now);
    const schedule = async (headers: Record<string, string> = {}) =>
      api(now).schedule(get("/me/schedule", token, headers));
    const before = await schedule();
    expect((await before.json()).os).toBeNull();

    // Ended rollouts still set the target: a post keeps running its OS after the rollout's days.
    await rollOut("2026.11.1", world.roomA.id, "2026-11-10", "2026-11-12");
    await rollOut("2026.12.1", world.roomA.id, "2026-11-18", "2026-11-20");
    await rollOut("2026.12.2", world.roomA.id, "2026-11-24", "2026-11-30");
    await rollOut("2026.12.9", world.roomB.id, "2026-11-01", "2026-11-30");
    const after = await schedule({ "if-none-match": before.headers.get("etag")! });
    expect(after.status).toBe(200);
    const body = await after.json();
    expect(body.os).toEqual({ name: kioskOsMasterName, version: "2026.12.1" });
    const wanted = body.masters.filter((m: { name: string }) => m.name === kioskOsMasterName);
    // The current target, then tomorrow's (fetched ahead); never another room's.
    expect(wanted.map((m: { version: string }) => m.version)).toEqual(["2026.12.1", "2026.12.2"]);

    // The site's relay prefetches each room's target too: posts fetch through it.
    const device = await authenticateDevice(database.db, get("/me/schedule", token));
    const plan = await getSitePlan(database.db, device, { days: 3 }, now);
    const relayOs = plan.masters.filter((m) => m.name === kioskOsMasterName);
    expect(relayOs.map((m) => [m.version, m.rooms])).toEqual([
      ["2026.12.9", ["Salle B"]],
      ["2026.12.1", ["Salle A"]],
      ["2026.12.2", ["Salle A"]],
    ]);

    // Rolling an older version out again is how IT goes back.
    await rollOut("2026.11.1", world.roomA.id, "2026-11-23", "2026-11-23");
    expect((await (await schedule()).json()).os).toEqual({ name: kioskOsMasterName, version: "2026.11.1" });
  });
});
