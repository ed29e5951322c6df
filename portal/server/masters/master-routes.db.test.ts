import { randomBytes } from "node:crypto";
import type { Database } from "@tremplin/db/client";
import { ensureMasterVersion, insertRollout } from "@tremplin/db/queries/masters";
import { createTestDatabase } from "@tremplin/db/testing";
import { sitePlanResponseSchema } from "@tremplin/domain/device";
import type { ChunkStore } from "@tremplin/image-format/store";
import { withBootSignature } from "@tremplin/image-format/test-data";
import { testStore } from "@tremplin/image-format/test-store";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceRoutes } from "../devices/device-routes";
import { buildWorld, type World } from "../devices/test-fixtures";
import { issueRegistrationCode } from "../fleet/issue-registration-code";
import { masterRoutes } from "./master-routes";
import { testHeartbeat } from "./test-heartbeat";

const now = new Date("2026-12-06T10:00:00Z");
let database: Database;
let world: World;
let store: ChunkStore;
let token: string;
let chunk: { sha256: string; size: number };
let api: ReturnType<typeof masterRoutes>;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db, now);
  const tmp = await makeTmpDir("portal-masters-");
  cleanup = tmp.cleanup;
  const test = testStore(tmp.dir);
  store = test.store;
  const bytes = withBootSignature(randomBytes(256 * 1024));
  const published = await test.publish({
    name: "bureautique",
    version: "2026.12",
    os: "windows",
    bytes,
    now,
  });
  const [, , sha256, size] = published.manifest.chunks[0]!;
  chunk = { sha256, size };
  api = masterRoutes({ getDb: async () => database.db, getStore: () => store, now: () => now });
  token = await register(world.kioskB.id);
}, 60_000);

async function register(kioskId: string): Promise<string> {
  const devices = deviceRoutes({ getDb: async () => database.db, now: () => now });
  const { code } = await issueRegistrationCode(database.db, { actor: world.admin, kioskId, now });
  const registered = await devices.register(
    new Request("http://portail.test/api/v1/kiosks/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code, hostname: "nuc", agentVersion: "0.1.0" }),
    }),
  );
  return (await registered.json()).token;
}
afterAll(async () => {
  await database.close();
  await cleanup();
});

const get = (url: string, headers: Record<string, string> = {}, withToken = true) =>
  new Request(`http://portail.test${url}`, {
    headers: { ...(withToken ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
const params = <T>(value: T) => ({ params: Promise.resolve(value) });

describe("GET /api/v1/masters/:name/:version/manifest", () => {
  it("gives a device the signed manifest as stored, and nobody else", async () => {
    const ok = await api.manifest(get("/m"), params({ name: "bureautique", version: "2026.12" }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual(await store.readManifestEnvelope("bureautique", "2026.12"));
    const anonymous = await api.manifest(
      get("/m", {}, false),
      params({ name: "bureautique", version: "2026.12" }),
    );
    expect(anonymous.status).toBe(401);
  });

  it("answers 404 for an unknown version and 400 for a name that is no path segment", async () => {
    expect((await api.manifest(get("/m"), params({ name: "bureautique", version: "9" }))).status).toBe(404);
    const bad = await api.manifest(get("/m"), params({ name: "..", version: "1" }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe("name");
  });
});

describe("GET /api/v1/chunks/:hash", () => {
  it("serves a chunk immutable, its strong ETag its hash, and 304 when the client has it", async () => {
    const response = await api.chunk(get("/c"), params({ hash: chunk.sha256 }));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("etag")).toBe(`"${chunk.sha256}"`);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(await store.findCompressedChunk(chunk.sha256));
    const again = await api.chunk(
      get("/c", { "if-none-match": `"${chunk.sha256}"` }),
      params({ hash: chunk.sha256 }),
    );
    expect(again.status).toBe(304);
  });

  it("answers a range with 206 and one past the end with 416", async () => {
    const part = await api.chunk(get("/c", { range: "bytes=10-19" }), params({ hash: chunk.sha256 }));
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 10-19/${chunk.size}`);
    const whole = (await store.findCompressedChunk(chunk.sha256))!;
    expect(Buffer.from(await part.arrayBuffer())).toEqual(whole.subarray(10, 20));
    const past = await api.chunk(
      get("/c", { range: `bytes=${chunk.size}-` }),
      params({ hash: chunk.sha256 }),
    );
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${chunk.size}`);
  });

  it("answers 404 for an unknown hash, 400 for anything but 64 hex digits, 401 without a token", async () => {
    expect((await api.chunk(get("/c"), params({ hash: "0".repeat(64) }))).status).toBe(404);
    const bad = await api.chunk(get("/c"), params({ hash: "../../secrets" }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/64 chiffres hexadécimaux/);
    expect((await api.chunk(get("/c", {}, false), params({ hash: chunk.sha256 }))).status).toBe(401);
  });
});

describe("GET /api/v1/kiosks/me/site-masters", () => {
  it("lists what the site's rooms need, from sessions and rollouts, with the site's window", async () => {
    const versionId = await ensureMasterVersion(database.db, {
      name: "bureautique",
      os: "windows",
      description: "Office",
      version: "2026.12",
      header: {},
      virtualSize: 256 * 1024,
      publishedAt: now,
    });
    await insertRollout(database.db, {
      masterVersionId: versionId,
      roomId: world.roomA.id,
      startsOn: "2026-12-08",
      endsOn: "2026-12-09",
      createdBy: world.admin.id,
    });
    const response = await api.sitePlan(get("/api/v1/kiosks/me/site-masters?days=3"));
    expect(response.status).toBe(200);
    const plan = sitePlanResponseSchema.parse(await response.json());
    expect(plan.site).toMatchObject({ id: world.site.id, nightWindow: { start: "20:00", end: "06:00" } });
    expect(plan.masters).toEqual([
      { ...world.master, neededBy: world.sessionA.startsAt.toISOString(), rooms: ["Salle A", "Salle B"] },
      { name: "bureautique", version: "2026.12", neededBy: "2026-12-07T23:00:00.000Z", rooms: ["Salle A"] },
    ]);
    const tooFar = await api.sitePlan(get("/api/v1/kiosks/me/site-masters?days=90"));
    expect(tooFar.status).toBe(400);
    // A post of the room gets its own room's needs with its schedule.
    const schedule = await deviceRoutes({ getDb: async () => database.db, now: () => now }).schedule(
      get("/api/v1/kiosks/me/schedule"),
    );
    expect((await schedule.json()).masters).toEqual([
      { ...world.master, neededBy: world.sessionB.startsAt.toISOString(), rooms: ["Salle B"] },
    ]);
  });
});

describe("staged rollout", () => {
  it("offers a rollout to the room's pilot post first, to the others once the pilot verified it", async () => {
    const [pilot, other] = [await register(world.kioskA.id), await register(world.kioskA2.id)];
    const devices = deviceRoutes({ getDb: async () => database.db, now: () => now });
    const mastersOf = async (deviceToken: string) => {
      const response = await devices.schedule(
        new Request("http://portail.test/api/v1/kiosks/me/schedule", {
          headers: { authorization: `Bearer ${deviceToken}` },
        }),
      );
      return ((await response.json()).masters as { name: string }[]).map((m) => m.name);
    };
    // The rollout of the test above starts on 2026-12-08, more than a night away.
    expect(await mastersOf(pilot)).toEqual([world.master.name, "bureautique"]);
    expect(await mastersOf(other)).toEqual([world.master.name]);
    const beat = await devices.heartbeat(
      new Request("http://portail.test/api/v1/kiosks/me/heartbeat", {
        method: "POST",
        headers: { authorization: `Bearer ${pilot}`, "content-type": "application/json" },
        body: JSON.stringify(
          testHeartbeat([{ name: "bureautique", version: "2026.12", verified: true }], now),
        ),
      }),
    );
    expect(beat.status).toBe(200);
    expect(await mastersOf(other)).toEqual([world.master.name, "bureautique"]);
  });
});
