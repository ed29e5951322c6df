import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { NeededMaster } from "@tremplin/domain/device";
import { isSignatureError } from "@tremplin/image-format/errors";
import { generateSigningKey, signManifest, verifySignedManifest } from "@tremplin/image-format/sign";
import { ChunkStore } from "@tremplin/image-format/store";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../log";
import { findMaster, sha256File } from "../masters/catalog";
import { httpChunkSource } from "../masters/chunk-source";
import { SyncBook } from "../masters/sync-book";
import { startSyncLoop } from "../masters/sync-loop";
import { serialLines } from "../qemu/test-helpers";
import { VmSupervisor } from "../qemu/vm-supervisor";
import { waitFor } from "../testing/wait-for";
import { parseRelayConfig } from "./relay-config";
import { type RelayHandle, startRelay } from "./start-relay";
import {
  countingSource,
  deltaBytes,
  kioskAt,
  masterName,
  type Published,
  publishTwoVersions,
  startOrigin,
  v1,
  v2,
} from "./test-world";

let dir: string;
let cleanup: () => Promise<void>;
let published: Published;
let origin: Awaited<ReturnType<typeof startOrigin>>;
let plan: NeededMaster[] = [];
const night = new Date("2026-12-06T22:00:00Z");

beforeAll(async () => {
  ({ dir, cleanup } = await makeTmpDir("night-sync-"));
  published = await publishTwoVersions(dir);
  origin = await startOrigin(published, () => plan);
}, 600_000);
afterAll(async () => {
  origin?.server.close();
  await cleanup?.();
});

async function relayAt(name: string, now = night, keepVersions = 0): Promise<RelayHandle> {
  const tokenFile = path.join(dir, `${name}.token`);
  await writeFile(tokenFile, "relay-device-token-0123456789", { mode: 0o600 });
  const config = parseRelayConfig(
    {
      upstream: { url: origin.url, tokenFile },
      listen: { host: "127.0.0.1", port: 0 },
      storeDir: path.join(dir, name),
      capMbps: 800,
      trustedKeyFiles: [published.keyFile],
      planEveryMinutes: 240,
      keepVersions,
    },
    dir,
  );
  return startRelay(config, { log: silentLogger, now: () => now });
}

/** A post that already holds v1, fetched straight from the portal. */
async function postWithV1(name: string) {
  const post = kioskAt(path.join(dir, name), published.trusted);
  await post.sync(v1, [httpChunkSource({ baseUrl: origin.url })]);
  return post;
}

describe("the night push of a new master version", () => {
  it("brings v2 to two posts behind one relay: the WAN carries v2's delta once, not twice", async () => {
    const [a, b] = [await postWithV1("post-a"), await postWithV1("post-b")];
    const relay = await relayAt("relay-1");
    try {
      const { chunkBytes, manifestBytes } = await deltaBytes(published.store, published.trusted, v1, v2);
      const before = origin.sentBytes();
      const fromRelay = () => httpChunkSource({ baseUrl: relay.url });
      const [ra, rb] = await Promise.all([a.sync(v2, [fromRelay()]), b.sync(v2, [fromRelay()])]);
      expect(ra.outcome).toBe("installed");
      expect(rb.outcome).toBe("installed");
      // Both posts fetched the delta from the relay; the relay fetched it once from the portal.
      expect(origin.sentBytes() - before).toBe(chunkBytes + manifestBytes);
      expect(relay.upstreamBytes()).toBe(chunkBytes + manifestBytes);
      expect(ra.reusedChunks).toBeGreaterThan(10 * ra.fetchedChunks);
      for (const post of [a, b]) {
        const master = await findMaster(post.mastersDir, v2);
        expect(master?.isVerified).toBe(true);
        expect(await sha256File(master!.disk)).toBe(master!.sha256);
        expect(post.book.get(v2)).toMatchObject({ state: "active", bytesMissing: 0 });
        expect(await findMaster(post.mastersDir, v1)).toBeDefined();
      }
    } finally {
      await relay.stop();
    }
  });

  it("prefetches the site's plan inside the window only, then serves posts without going upstream", async () => {
    plan = [{ ...v2, neededBy: "2026-12-07T08:00:00Z", rooms: ["Salle A"] }];
    const daytime = await relayAt("relay-day", new Date("2026-12-07T12:00:00Z"));
    await daytime.runNight();
    expect(daytime.upstreamBytes()).toBe(0);
    // A post's miss by day is refused, naming the window, and nothing crosses the WAN.
    const early = await postWithV1("post-early");
    await expect(early.sync(v2, [httpChunkSource({ baseUrl: daytime.url })])).rejects.toThrow(
      /hors de la fenêtre de nuit \(20:00–06:00, Europe\/Paris\)/,
    );
    expect(daytime.upstreamBytes()).toBe(0);
    await daytime.stop();
    const relay = await relayAt("relay-2");
    try {
      await relay.runNight();
      const fetched = relay.upstreamBytes();
      expect(fetched).toBeGreaterThan(0);
      const post = await postWithV1("post-c");
      await post.sync(v2, [httpChunkSource({ baseUrl: relay.url })]);
      expect(relay.upstreamBytes()).toBe(fetched);
      // The night's gc keeps what the plan names; once nothing names v2 and keepVersions is 0,
      // its chunks go.
      expect(await relay.chunks.store.hasManifest(v2.name, v2.version)).toBe(true);
      const needed = plan;
      plan = [];
      await relay.runNight();
      plan = needed;
      expect(await relay.chunks.store.listVersions()).toEqual([]);
      expect(await relay.chunks.store.listChunks()).toEqual([]);
    } finally {
      await relay.stop();
    }
  });

  it("resumes an interrupted transfer without fetching again what it had", async () => {
    const post = await postWithV1("post-d");
    const cut = countingSource(httpChunkSource({ baseUrl: origin.url }), 3);
    await expect(post.sync(v2, [cut.source])).rejects.toThrow(/connexion coupée/);
    // Chunks already on their way when the cable was cut land in the resume stores.
    const kept = async () =>
      (await new ChunkStore(path.join(post.mastersDir, ".sync", "chunks")).listChunks()).length +
      (await new ChunkStore(path.join(post.mastersDir, ".sync", "index-parts")).listChunks()).length;
    await waitFor("fetched chunks kept", async () => (await kept()) >= cut.fetched.length);
    expect(await findMaster(post.mastersDir, v2)).toBeUndefined();
    expect(post.book.get(v2)?.state).toBe("failed");
    const again = countingSource(httpChunkSource({ baseUrl: origin.url }));
    await post.sync(v2, [again.source]);
    expect(cut.fetched.length).toBe(3);
    expect(again.fetched.length).toBeGreaterThan(0);
    expect(again.fetched.filter((h) => cut.fetched.includes(h))).toEqual([]);
    expect((await findMaster(post.mastersDir, v2))?.isVerified).toBe(true);
  });

  it("catches a chunk damaged on the relay's disk, fetches it again and still installs v2", async () => {
    const relay = await relayAt("relay-3");
    try {
      await relay.runNight();
      const manifest = await published.store.readManifest(v2.name, v2.version, published.trusted);
      const v1Hashes = new Set(
        (await published.store.readManifest(v1.name, v1.version, published.trusted)).chunks.map((c) => c[2]),
      );
      const victim = manifest.chunks.find((c) => !v1Hashes.has(c[2]))!;
      await writeFile(relay.chunks.store.chunkPath(victim[2]), Buffer.from("garbage, not zstd"));
      const upstreamBefore = relay.upstreamBytes();
      const post = await postWithV1("post-e");
      await post.sync(v2, [httpChunkSource({ baseUrl: relay.url })]);
      expect((await findMaster(post.mastersDir, v2))?.isVerified).toBe(true);
      expect(relay.upstreamBytes() - upstreamBefore).toBe(victim[3]);
      expect((await readFile(relay.chunks.store.chunkPath(victim[2]))).length).toBe(victim[3]);
    } finally {
      await relay.stop();
    }
  });

  it("refuses a tampered manifest and one signed by an unknown key, leaving the post as it was", async () => {
    const relay = await relayAt("relay-4");
    try {
      await relay.runNight();
      const file = relay.chunks.store.manifestPath(masterName, v2.version);
      const envelope = JSON.parse(await readFile(file, "utf8"));
      envelope.signed.hints = { ...envelope.signed.hints, memoryMiB: 65_536 };
      await writeFile(file, JSON.stringify(envelope));
      const post = await postWithV1("post-f");
      const error = await post.sync(v2, [httpChunkSource({ baseUrl: relay.url })]).catch((e: unknown) => e);
      expect(isSignatureError(error) && error.problem).toBe("bad_signature");
      expect(post.book.get(v2)).toMatchObject({ state: "refused" });
      expect(post.book.get(v2)?.problem).toMatch(/Signature invalide/);
      expect(await findMaster(post.mastersDir, v2)).toBeUndefined();

      const header = verifySignedManifest(
        JSON.parse(await readFile(published.store.manifestPath(masterName, v2.version), "utf8")),
        published.trusted,
      );
      await writeFile(file, JSON.stringify(signManifest(header, generateSigningKey().privateKeyPem)));
      const rogue = await post.sync(v2, [httpChunkSource({ baseUrl: relay.url })]).catch((e: unknown) => e);
      expect(isSignatureError(rogue) && rogue.problem).toBe("unknown_key");
      expect(post.book.get(v2)?.problem).toMatch(/clé inconnue/);
    } finally {
      await relay.stop();
    }
  });

  it("lets the agent's loop sync what the schedule names, at night only, then drop the superseded version", async () => {
    const relay = await relayAt("relay-5");
    const post = await postWithV1("post-g");
    const book = new SyncBook();
    const loopAt = (now: Date) =>
      startSyncLoop({
        config: {
          relayUrl: relay.url,
          portalFallback: false,
          trustedKeyFiles: [published.keyFile],
          nightWindow: { start: "20:00", end: "06:00" },
          anyTime: false,
          everyMinutes: 240,
        },
        mastersDir: post.mastersDir,
        portalUrl: origin.url,
        getToken: async () => "device-token-0123456789",
        schedule: () => ({
          kiosk: { id: "00000000-0000-4000-8000-000000000001", label: "P1" },
          room: { id: "00000000-0000-4000-8000-000000000002", name: "Salle A" },
          timezone: "Europe/Paris",
          generatedAt: night.toISOString(),
          sessions: [],
          masters: [{ ...v2, neededBy: "2026-12-07T08:00:00Z", rooms: ["Salle A"] }],
        }),
        trusted: published.trusted,
        book,
        log: silentLogger,
        now: () => now,
      });
    try {
      const daytime = loopAt(new Date("2026-12-07T12:00:00Z"));
      await daytime.runOnce();
      daytime.stop();
      expect(await findMaster(post.mastersDir, v2)).toBeUndefined();
      const atNight = loopAt(night);
      await atNight.runOnce();
      atNight.stop();
      expect((await findMaster(post.mastersDir, v2))?.isVerified).toBe(true);
      expect(book.list()).toEqual([expect.objectContaining({ ...v2, state: "active", bytesMissing: 0 })]);
      // v1 is superseded and the schedule no longer names it: the round removed it.
      expect(await findMaster(post.mastersDir, v1)).toBeUndefined();
    } finally {
      await relay.stop();
    }
  });

  it("boots the synced v2 under QEMU: a raw disk as the session overlay's backing file", async () => {
    const post = await postWithV1("post-h");
    await post.sync(v2, [httpChunkSource({ baseUrl: origin.url })]);
    const master = (await findMaster(post.mastersDir, v2))!;
    expect(master.format).toBe("raw");
    const serialFile = path.join(dir, "post-h.serial");
    const supervisor = new VmSupervisor({ overlayDir: path.join(dir, "post-h-overlays") });
    const session = await supervisor.start({
      master: master.disk,
      masterFormat: master.format,
      hints: master.hints,
      accel: "tcg",
      serialFile,
    });
    const end = await session.ended;
    expect(end.reason, end.message).toBe("guest_poweroff");
    expect(await serialLines(serialFile)).toContain("TREMPLIN-MARKER: absent");
    expect(await sha256File(master.disk)).toBe(master.sha256);
  });

  it("leaves a source serving garbage for the next one (the portal, when allowed)", async () => {
    const post = await postWithV1("post-i");
    const portal = httpChunkSource({ baseUrl: origin.url });
    let garbage = 0;
    const liar = {
      label: "relais menteur",
      getManifest: portal.getManifest,
      async getChunk() {
        garbage += 1;
        return Buffer.from("not the chunk you asked for");
      },
    };
    const report = await post.sync(v2, [liar, portal]);
    expect(report.outcome).toBe("installed");
    expect(garbage).toBeGreaterThan(0);
    expect((await findMaster(post.mastersDir, v2))?.isVerified).toBe(true);
    await expect(kioskAt(path.join(dir, "post-j"), published.trusted).sync(v1, [liar])).rejects.toThrow(
      /relais menteur sert un bloc altéré/,
    );
  });
});
