/**
 * N posts behind one relay (issue 19): the bytes that cross the WAN for a new version, against
 * the same N posts fetching straight from the portal, measured in the same run.
 *
 *   npm run bench relay-fanout        (or: npx tsx bench/relay-fanout.ts [--posts 6] [--mib 128])
 *
 * On the synthetic pair of bench/_master-pair.ts (v2 = 2 % of 4 KiB blocks rewritten in runs
 * + 1 MiB inserted), every post holding v1: (a) the N posts sync v2 from the portal; (b) the
 * same N posts, v2 removed, sync it through one relay, all at once. Target: WAN bytes through the
 * relay = 1× v2's delta (new chunks + new index parts + manifest), not N×.
 */

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { publishDisk } from "@tremplin/image-format/publish-disk";
import { generateSigningKey, trustedKeysFrom } from "@tremplin/image-format/sign";
import { ChunkStore } from "@tremplin/image-format/store";
import { silentLogger } from "@tremplin/kiosk/log";
import { httpChunkSource } from "@tremplin/kiosk/masters/chunk-source";
import { SyncBook } from "@tremplin/kiosk/masters/sync-book";
import { syncMaster } from "@tremplin/kiosk/masters/sync-master";
import { RelayChunks } from "@tremplin/kiosk/relay/relay-chunks";
import { parseRelayConfig } from "@tremplin/kiosk/relay/relay-config";
import { listen, relayHandler } from "@tremplin/kiosk/relay/relay-server";
import { startRelay } from "@tremplin/kiosk/relay/start-relay";
import { makeMasterPair, writePair } from "./_master-pair";

const { values } = parseArgs({
  options: { posts: { type: "string", default: "6" }, mib: { type: "string", default: "128" } },
});
const posts = Number(values.posts);
const MiB = 1 << 20;
const mib = (n: number) => `${(n / MiB).toFixed(2)} MiB`;

const dir = await mkdtemp(path.join(tmpdir(), "bench-relay-"));
try {
  const pair = makeMasterPair(Number(values.mib));
  await writePair(pair, path.join(dir, "v1.raw"), path.join(dir, "v2.raw"));
  const key = generateSigningKey();
  await writeFile(path.join(dir, "dsi.pub"), key.publicKeyPem);
  const trusted = trustedKeysFrom([{ pem: key.publicKeyPem, source: "dsi.pub" }]);
  const store = new ChunkStore(path.join(dir, "portal"));
  const publish = (version: string) =>
    publishDisk({
      disk: path.join(dir, `${version}.raw`),
      name: "bench",
      version,
      os: "linux",
      hints: {},
      store,
      privateKeyPem: key.privateKeyPem,
      now: new Date(),
      workDir: dir,
    });
  const v1 = await publish("v1");
  const v2 = await publish("v2");
  // v2's delta: its new chunks, its index parts v1 does not share, its manifest.
  const v1Parts = new Set(v1.header.index.parts.map((p) => p[0]));
  const newParts = v2.header.index.parts.filter((p) => !v1Parts.has(p[0]));
  const delta =
    v2.newBytes +
    newParts.reduce((sum, p) => sum + p[2], 0) +
    Buffer.byteLength(JSON.stringify(await store.readManifestEnvelope("bench", "v2")));

  // The portal: the same two routes over its store, counting the body bytes it sends.
  let wan = 0;
  const serve = relayHandler(
    new RelayChunks(store, { trusted, gate: () => undefined, log: silentLogger }),
    silentLogger,
  );
  const portal = createServer((req, res) => {
    // The relay's look at the site plan (404 here) is not what the WAN carries for masters.
    const isMasters = /^\/api\/v1\/(chunks|masters)\//.test(req.url ?? "");
    const end = res.end.bind(res) as (body?: unknown) => typeof res;
    res.end = ((body?: unknown) => {
      if (!isMasters) return end(body);
      if (body instanceof Uint8Array) wan += body.length;
      else if (typeof body === "string") wan += Buffer.byteLength(body);
      return end(body);
    }) as typeof res.end;
    serve(req, res);
  });
  const portalUrl = await listen(portal, "127.0.0.1", 0);
  const post = (i: number) => ({ mastersDir: path.join(dir, `post-${i}`), book: new SyncBook() });
  const sync = (i: number, version: string, baseUrl: string) =>
    syncMaster({
      ref: { name: "bench", version },
      ...post(i),
      sources: [httpChunkSource({ baseUrl })],
      trusted,
      log: silentLogger,
    });
  const ids = Array.from({ length: posts }, (_, i) => i);
  for (const i of ids) await sync(i, "v1", portalUrl);

  wan = 0;
  await Promise.all(ids.map((i) => sync(i, "v2", portalUrl)));
  const direct = wan;
  for (const i of ids) {
    await rm(path.join(post(i).mastersDir, "bench", "v2"), { recursive: true });
    await rm(path.join(post(i).mastersDir, ".sync", "chunks"), { recursive: true, force: true });
    const parts = new ChunkStore(path.join(post(i).mastersDir, ".sync", "index-parts"));
    for (const [sha256] of newParts) await parts.removeChunk(sha256);
  }

  await writeFile(path.join(dir, "relay.token"), "bench-relay-token-0123456789", { mode: 0o600 });
  const relay = await startRelay(
    parseRelayConfig(
      {
        upstream: { url: portalUrl, tokenFile: "relay.token" },
        listen: { host: "127.0.0.1", port: 0 },
        storeDir: "relay",
        capMbps: 100_000,
        fetchOnMissOutsideWindow: true,
        trustedKeyFiles: ["dsi.pub"],
        planEveryMinutes: 240,
      },
      dir,
    ),
    { log: silentLogger },
  );
  wan = 0;
  await Promise.all(ids.map((i) => sync(i, "v2", relay.url)));
  const throughRelay = wan;
  await relay.stop();
  portal.close();

  console.log(
    `${posts} posts, ${values.mib} MiB masters; v2's delta ${mib(delta)} (really changed ${mib(pair.changedBytes)})`,
  );
  console.log(`  WAN, each post from the portal: ${mib(direct)} = ${(direct / delta).toFixed(2)}× the delta`);
  console.log(
    `  WAN, through one relay:          ${mib(throughRelay)} = ${(throughRelay / delta).toFixed(2)}× the delta`,
  );
  const ratio = throughRelay / direct;
  const ok = throughRelay === delta;
  console.log(
    `  relay / direct: ${ratio.toFixed(3)} (ideal 1/${posts} = ${(1 / posts).toFixed(3)}); 1× delta ${ok ? "OK" : "MISSED"}`,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
