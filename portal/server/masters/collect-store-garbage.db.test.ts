import { randomBytes } from "node:crypto";
import type { Database } from "@tremplin/db/client";
import { ensureMasterVersion, insertRollout } from "@tremplin/db/queries/masters";
import { auditLog } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { kioskOsMasterName } from "@tremplin/domain/device";
import type { ChunkStore } from "@tremplin/image-format/store";
import { withBootSignature } from "@tremplin/image-format/test-data";
import { testStore } from "@tremplin/image-format/test-store";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorOf } from "@/server/testing/actors";
import { buildWorld, type World } from "../devices/test-fixtures";
import { collectStoreGarbage } from "./collect-store-garbage";
import { createRollout } from "./create-rollout";
import { withStoreLease } from "./store-lease";

const now = new Date("2026-12-06T10:00:00Z");
const clock = () => now;
let database: Database;
let world: World;
let store: ChunkStore;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db, now);
  const tmp = await makeTmpDir("portal-store-gc-");
  cleanup = tmp.cleanup;
  const published = testStore(tmp.dir);
  store = published.store;
  const disk = withBootSignature(randomBytes(512 * 1024));
  const publish = async (name: string, version: string, created: string) => {
    randomBytes(64 * 1024).copy(disk, 128 * 1024);
    return (await published.publish({ name, version, bytes: disk, now: new Date(created) })).header;
  };
  await publish("bureautique", "1", "2026-10-01T08:00:00Z");
  await publish("bureautique", "2", "2026-11-01T08:00:00Z");
  await publish("bureautique", "3", "2026-12-01T08:00:00Z");
  const oldOs = await publish(kioskOsMasterName, "2026.11", "2026-11-02T08:00:00Z");
  await publish(kioskOsMasterName, "2026.12", "2026-12-02T08:00:00Z");
  // bureautique 1 is rolled out next week; room A's posts run kiosk OS 2026.11 since November.
  await createRollout(database.db, store, {
    actor: world.admin,
    fields: { master: "bureautique@1", roomId: world.roomA.id, startsOn: "2026-12-14", endsOn: "2026-12-15" },
    now,
  });
  const osVersionId = await ensureMasterVersion(database.db, {
    name: kioskOsMasterName,
    os: "linux",
    description: "",
    version: "2026.11",
    header: oldOs,
    virtualSize: oldOs.virtualSize,
    publishedAt: new Date(oldOs.created),
  });
  await insertRollout(database.db, {
    masterVersionId: osVersionId,
    roomId: world.roomA.id,
    startsOn: "2026-11-10",
    endsOn: "2026-11-10",
    createdBy: world.admin.id,
  });
}, 120_000);
afterAll(async () => {
  await database.close();
  await cleanup();
});

const collect = (fields: Record<string, unknown>, actor = world.admin) =>
  collectStoreGarbage(database.db, store, { actor, fields, now: clock });

describe("collecting the portal's masters store", () => {
  it("previews, then removes the versions nobody uses past the newest, and the chunks only they named", async () => {
    const before = await store.listStoredChunks();
    const preview = await collect({ keep: "1", mode: "preview" });
    expect(preview.isPreview).toBe(true);
    expect(preview.inUse).toEqual(
      expect.arrayContaining([
        { name: "bureautique", version: "1" },
        { name: kioskOsMasterName, version: "2026.11" },
      ]),
    );
    expect(preview.report.removedVersions).toEqual([{ name: "bureautique", version: "2" }]);
    expect(preview.report.removedChunks).toBeGreaterThan(0);
    expect(await store.listStoredChunks()).toEqual(before);

    const done = await collect({ keep: "1", mode: "remove" });
    expect(done.report).toEqual(preview.report);
    expect(await store.listVersions()).toEqual([
      { name: "bureautique", version: "1" },
      { name: "bureautique", version: "3" },
      { name: kioskOsMasterName, version: "2026.11" },
      { name: kioskOsMasterName, version: "2026.12" },
    ]);
    expect((await store.listStoredChunks()).length).toBe(before.length - done.report.removedChunks);
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "masters-store.collected"));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ keep: 1, removedChunks: done.report.removedChunks });

    const again = await collect({ keep: "1", mode: "remove" });
    expect(again.report).toEqual({ removedVersions: [], removedChunks: 0, removedBytes: 0 });
  });

  it("refuses another role and a bad count, naming the field", async () => {
    const trainer = actorOf(world.trainer);
    await expect(collect({ keep: "1", mode: "remove" }, trainer)).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(collect({ keep: "0", mode: "remove" })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/keep: au moins 1/),
    });
  });

  it("makes a publish wait while a collection holds the store, and says so past the wait", async () => {
    let release: () => void = () => undefined;
    const held = withStoreLease(
      database.db,
      { now: () => new Date(), ttlMs: 60_000, waitMs: 0 },
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    await expect(
      withStoreLease(
        database.db,
        { now: () => new Date(), ttlMs: 60_000, waitMs: 300 },
        async () => "published",
      ),
    ).rejects.toMatchObject({ code: "unavailable", message: expect.stringMatching(/nettoyage/) });
    const waiting = withStoreLease(
      database.db,
      { now: () => new Date(), ttlMs: 60_000, waitMs: 10_000 },
      async () => "published",
    );
    release();
    await held;
    expect(await waiting).toBe("published");
  });

  it("stops a holder whose lease expired before it changes anything, even if nobody took the lease", async () => {
    let at = Date.now();
    const lease = { now: () => new Date(at), ttlMs: 1_000, waitMs: 0 };
    let changed = false;
    const work = withStoreLease(database.db, lease, async (renew) => {
      at += 2_000; // a listing that outlived the lease
      await renew();
      changed = true;
    });
    await expect(work).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringMatching(/perdu/),
    });
    expect(changed).toBe(false);
    // Given up on the way out: the next holder does not wait for it to expire.
    expect(await withStoreLease(database.db, { ...lease, waitMs: 0 }, async () => "next")).toBe("next");
  });
});
