import { randomBytes } from "node:crypto";
import type { Database } from "@tremplin/db/client";
import { recordHeartbeat } from "@tremplin/db/queries/devices";
import { findSyncProblems } from "@tremplin/db/queries/masters";
import { auditLog } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import type { HeartbeatRequest } from "@tremplin/domain/device";
import type { ChunkStore } from "@tremplin/image-format/store";
import { withBootSignature } from "@tremplin/image-format/test-data";
import { testStore } from "@tremplin/image-format/test-store";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorld, type World } from "../devices/test-fixtures";
import { createRollout } from "./create-rollout";
import { getNightOutlook } from "./get-night-outlook";
import { testHeartbeat } from "./test-heartbeat";

const now = new Date("2026-12-06T10:00:00Z");
let database: Database;
let world: World;
let store: ChunkStore;
let cleanup: () => Promise<void>;
let delta = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db, now);
  const tmp = await makeTmpDir("portal-rollouts-");
  cleanup = tmp.cleanup;
  const published = testStore(tmp.dir);
  store = published.store;
  const disk = withBootSignature(randomBytes(512 * 1024));
  const publish = (version: string, bytes: Buffer) =>
    published.publish({ name: "bureautique", version, os: "windows", bytes, now });
  const v1 = await publish("1", disk);
  randomBytes(64 * 1024).copy(disk, 200 * 1024);
  const v2 = await publish("2", disk);
  // v2's new chunks and the index parts it does not share with v1.
  const v1Parts = new Set(v1.header.index.parts.map((p) => p[0]));
  delta =
    v2.newBytes + v2.header.index.parts.filter((p) => !v1Parts.has(p[0])).reduce((sum, p) => sum + p[2], 0);
}, 60_000);
afterAll(async () => {
  await database.close();
  await cleanup();
});

const heartbeat = (masters: HeartbeatRequest["masters"]) => testHeartbeat(masters, now);

const fields = (over: Record<string, unknown> = {}) => ({
  master: "bureautique@2",
  roomId: world.roomA.id,
  startsOn: "2026-12-08",
  endsOn: "2026-12-09",
  ...over,
});

describe("rollouts", () => {
  it("refuses a version not in the store, a past start, an end before the start and a non-IT user", async () => {
    const create = (over: Record<string, unknown>, actor = world.admin) =>
      createRollout(database.db, store, { actor, fields: fields(over), now }).catch((e: unknown) => e);
    expect(await create({ master: "bureautique@9" })).toMatchObject({
      code: "not_found",
      issues: [{ path: "master" }],
    });
    expect(await create({ startsOn: "2026-12-05" })).toMatchObject({
      code: "invalid_input",
      issues: [{ path: "startsOn" }],
    });
    expect(await create({ endsOn: "2026-12-07" })).toMatchObject({
      code: "invalid_input",
      issues: [{ path: "endsOn" }],
    });
    const trainer = {
      id: world.trainer.id,
      name: "F",
      username: world.trainer.username,
      roles: ["trainer" as const],
    };
    expect(await create({}, trainer)).toMatchObject({ code: "forbidden" });
  });

  it("puts a version in a room, audited, and IT sees the bytes its site's WAN must carry tonight", async () => {
    const { id } = await createRollout(database.db, store, { actor: world.admin, fields: fields(), now });
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit).toMatchObject({
      action: "rollout.created",
      details: { master: "bureautique", version: "2" },
    });
    const beat = (masters: HeartbeatRequest["masters"]) =>
      recordHeartbeat(database.db, world.kioskA.id, heartbeat(masters), now);
    await beat([{ name: "bureautique", version: "1", verified: true }]);
    const [site] = (await getNightOutlook(database.db, store, now)).filter((s) => s.siteId === world.site.id);
    expect(site?.versions).toEqual([
      expect.objectContaining({ ...world.master, isInStore: false }),
      expect.objectContaining({ name: "bureautique", version: "2", isInStore: true, rooms: ["Salle A"] }),
    ]);
    expect(site?.wanBytes).toBe(delta);
    expect(site?.fits).toBe(true);
    // Once a post holds v2, nothing is left to cross.
    await beat([{ name: "bureautique", version: "2", verified: true }]);
    const [after] = (await getNightOutlook(database.db, store, now)).filter(
      (s) => s.siteId === world.site.id,
    );
    expect(after?.wanBytes).toBe(0);
  });

  it("lists the posts that refused a version, with the reason their heartbeat gave", async () => {
    const at = now.toISOString();
    const problem = "Manifeste signé par une clé inconnue (0123456789abcdef) : refusé.";
    await recordHeartbeat(
      database.db,
      world.kioskA2.id,
      {
        ...heartbeat([]),
        masterSync: [
          {
            name: "bureautique",
            version: "2",
            state: "refused",
            bytesMissing: 0,
            bytesTotal: 0,
            problem,
            updatedAt: at,
          },
          {
            name: "bureautique",
            version: "1",
            state: "active",
            bytesMissing: 0,
            bytesTotal: 9,
            updatedAt: at,
          },
        ],
      },
      now,
    );
    const problems = (await findSyncProblems(database.db)).filter(
      (p) => p.kioskLabel === world.kioskA2.label,
    );
    expect(problems).toEqual([
      expect.objectContaining({ name: "bureautique", version: "2", state: "refused", problem }),
    ]);
  });
});
