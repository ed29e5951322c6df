import type { Database } from "@tremplin/db/client";
import { enrol, makeSession } from "@tremplin/db/factories";
import { recordHeartbeat } from "@tremplin/db/queries/devices";
import { auditLog, kiosks } from "@tremplin/db/schema";
import type { HeartbeatRequest } from "@tremplin/domain/device";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Actor } from "@/server/audit/actor";
import { setUpDeviceWorld, type World } from "../devices/test-fixtures";
import { addKiosk } from "./add-kiosk";
import { addRoom } from "./add-room";
import { getFleetHealth } from "./get-fleet-health";
import { getRoomsOverview, nextLabel } from "./get-rooms-overview";
import { issueRegistrationCode } from "./issue-registration-code";
import { revokeKiosk } from "./revoke-kiosk";

const now = new Date("2026-11-23T14:30:00Z");
let database: Database;
let world: World;
const learnerActor = (): Actor => ({
  id: world.learner.id,
  name: "Léa",
  username: world.learner.username,
  roles: ["learner"],
});

setUpDeviceWorld(now, (d, w) => {
  database = d;
  world = w;
});

const auditOf = (entityId: string) =>
  database.db.select().from(auditLog).where(eq(auditLog.entityId, entityId));

describe("rooms and posts administration", () => {
  it("refuses anyone but IT", async () => {
    const actor = learnerActor();
    await expect(
      issueRegistrationCode(database.db, { actor, kioskId: world.kioskA.id, now }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      revokeKiosk(database.db, { actor, kioskId: world.kioskA.id, reason: "test", now }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(getFleetHealth(database.db, { actor, now })).rejects.toMatchObject({ code: "forbidden" });
    await expect(getRoomsOverview(database.db, { actor, now })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("adds a post, audit-logged, and refuses a duplicate or malformed label naming the field", async () => {
    const added = await addKiosk(database.db, {
      actor: world.admin,
      fields: { roomId: world.roomA.id, label: "A-P03" },
      now,
    });
    expect((await auditOf(added.id)).map((a) => [a.action, a.actorId])).toEqual([
      ["kiosk.created", world.admin.id],
    ]);
    await expect(
      addKiosk(database.db, { actor: world.admin, fields: { roomId: world.roomA.id, label: "A-P03" }, now }),
    ).rejects.toMatchObject({ code: "conflict", issues: [{ path: "label" }] });
    await expect(
      addKiosk(database.db, {
        actor: world.admin,
        fields: { roomId: world.roomA.id, label: "<script>" },
        now,
      }),
    ).rejects.toMatchObject({ code: "invalid_input", issues: [{ path: "label" }] });
  });

  it("adds a room and refuses a bad capacity naming the field", async () => {
    const room = await addRoom(database.db, {
      actor: world.admin,
      fields: { siteId: world.site.id, name: "Salle C", capacity: "6" },
      now,
    });
    expect((await auditOf(room.id))[0]?.details).toMatchObject({ name: "Salle C", capacity: 6 });
    await expect(
      addRoom(database.db, {
        actor: world.admin,
        fields: { siteId: world.site.id, name: "Salle D", capacity: "0" },
        now,
      }),
    ).rejects.toMatchObject({ code: "invalid_input", issues: [{ path: "capacity" }] });
  });

  it("revokes with a reason, once, and voids a pending code", async () => {
    await issueRegistrationCode(database.db, { actor: world.admin, kioskId: world.kioskB.id, now });
    await expect(
      revokeKiosk(database.db, { actor: world.admin, kioskId: world.kioskB.id, reason: " ", now }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "reason" }],
    });
    expect(
      await revokeKiosk(database.db, {
        actor: world.admin,
        kioskId: world.kioskB.id,
        reason: "Poste volé",
        now,
      }),
    ).toEqual({
      label: world.kioskB.label,
      wasAlreadyRevoked: false,
    });
    const second = await revokeKiosk(database.db, {
      actor: world.admin,
      kioskId: world.kioskB.id,
      reason: "encore",
      now,
    });
    expect(second.wasAlreadyRevoked).toBe(true);
    const actions = (await auditOf(world.kioskB.id)).map((a) => a.action).sort();
    expect(actions).toEqual(["kiosk.code_issued", "kiosk.revoked"]);
    const [row] = await database.db.select().from(kiosks).where(eq(kiosks.id, world.kioskB.id));
    expect(row?.registrationCodeHash).toBeNull();
  });

  it("lists sites, rooms and posts with their state and the next label to propose", async () => {
    await issueRegistrationCode(database.db, { actor: world.admin, kioskId: world.kioskA2.id, now });
    const sites = await getRoomsOverview(database.db, { actor: world.admin, now });
    const site = sites.find((s) => s.id === world.site.id)!;
    const roomA = site.rooms.find((r) => r.id === world.roomA.id)!;
    expect(roomA.kiosks.find((k) => k.id === world.kioskA2.id)?.codePendingUntil).toBeInstanceOf(Date);
    expect(site.rooms.find((r) => r.id === world.roomB.id)?.kiosks[0]?.status).toBe("revoked");
    expect(nextLabel(["ALB-S1-P09", "ALB-S1-P12", "ALB-S1-P03"])).toBe("ALB-S1-P13");
    expect(nextLabel([])).toBe("P01");
  });
});

describe("fleet health", () => {
  it("flags silent and degraded posts, judges tomorrow's rooms, and draws the last 24 hours", async () => {
    await database.db.update(kiosks).set({ registeredAt: now }).where(eq(kiosks.roomId, world.roomA.id));
    const minutes = (m: number) => new Date(now.getTime() - m * 60_000);
    await recordHeartbeat(
      database.db,
      world.kioskA.id,
      beat({ accelerator: "kvm", freeBytes: 200e9, masters: true }),
      minutes(120),
    );
    await recordHeartbeat(
      database.db,
      world.kioskA.id,
      beat({ accelerator: "kvm", freeBytes: 200e9, masters: true }),
      minutes(1),
    );
    await recordHeartbeat(
      database.db,
      world.kioskA2.id,
      beat({ accelerator: "tcg", freeBytes: 5e9, masters: false }),
      minutes(5),
    );
    const tomorrow = await makeSession(database.db, {
      trainingId: world.training.id,
      roomId: world.roomA.id,
      masterVersionId: world.masterVersionId,
      startsAt: new Date("2026-11-24T08:00:00Z"),
      endsAt: new Date("2026-11-24T11:00:00Z"),
    });
    await enrol(database.db, {
      learnerIds: [world.learner.id],
      trainingId: world.training.id,
      sessionId: tomorrow.id,
    });

    const health = await getFleetHealth(database.db, { actor: world.admin, now });
    const post = (id: string) => health.posts.find((p) => p.id === id)!;
    expect(post(world.kioskA.id)).toMatchObject({ status: "online", warnings: [] });
    expect(post(world.kioskA2.id)).toMatchObject({ status: "stale", warnings: ["no_kvm", "low_disk"] });
    expect(post(world.kioskB.id).status).toBe("revoked");
    const roomA = health.tomorrow.find((r) => r.roomId === world.roomA.id)!;
    expect(roomA.sessions).toHaveLength(1);
    expect(roomA.readiness).toMatchObject({ state: "partial", readyPosts: 1 });
    expect(roomA.readiness.reasons.join(" ")).toContain("non vérifié sur");
    expect(health.history).toHaveLength(24);
    const last = health.history.at(-1)!;
    expect(last).toMatchObject({ healthy: 1, degraded: 1 });
    expect(health.history.at(-3)).toMatchObject({ healthy: 1, degraded: 0 });
  });
});

function beat(o: { accelerator: "kvm" | "tcg"; freeBytes: number; masters: boolean }): HeartbeatRequest {
  return {
    sentAt: now.toISOString(),
    agentVersion: "0.2.0",
    state: "idle",
    accelerator: o.accelerator,
    acceleratorReason: null,
    outboxDepth: 0,
    masters: o.masters ? [{ ...world.master, verified: true }] : [{ ...world.master, verified: false }],
    inventory: {
      cpu: { model: "N100", cores: 4, physicalCores: 4, virtualization: true },
      memory: { totalBytes: 16e9, availableBytes: 8e9 },
      disk: { mount: "/", totalBytes: 500e9, freeBytes: o.freeBytes },
      network: [],
      os: { distro: "Debian", release: "12", kernel: "6.1", arch: "x64", hostname: "nuc" },
      uptimeSeconds: 10,
    },
  };
}
