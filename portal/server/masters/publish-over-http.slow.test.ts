import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import type { Database } from "@tremplin/db/client";
import { createTestDatabase } from "@tremplin/db/testing";
import { masterApiPaths } from "@tremplin/domain/device";
import { generateSigningKey, trustedKeysFrom } from "@tremplin/image-format/sign";
import { ChunkStore } from "@tremplin/image-format/store";
import { repoRoot } from "@tremplin/testkit/portal";
import { getTinyMaster } from "@tremplin/testkit/tiny-image";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceRoutes } from "../devices/device-routes";
import { buildWorld } from "../devices/test-fixtures";
import { issueRegistrationCode } from "../fleet/issue-registration-code";
import { masterRoutes } from "./master-routes";
import { withStoreLease } from "./store-lease";
import { uploadRoutes } from "./upload-routes";

const now = new Date("2026-12-06T10:00:00Z");
const publishToken = "p".repeat(40);
const key = generateSigningKey();
const trusted = trustedKeysFrom([{ pem: key.publicKeyPem, source: "dsi.pub" }]);
let database: Database;
let dir: string;
let cleanup: () => Promise<void>;
let portalStore: ChunkStore;
let server: Server;
let portalUrl: string;
let deviceToken: string;
let disk: string;
/** Chunk bodies the portal received (PUT), to show a second publish sends only the delta. */
let receivedChunks = 0;
/** When set, the portal fails every batch of chunks past this many (a link or portal going down). */
let failAfterBatches: number | undefined;
let batches = 0;

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The portal's master routes behind a real HTTP listener, as Next.js would route them. */
function portalServer(
  routes: [method: string, pattern: RegExp, names: string[], handler: Handler][],
): Server {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const found = routes.find(([method, pattern]) => method === req.method && pattern.test(url.pathname));
    if (!found) {
      res.writeHead(404).end();
      return;
    }
    const [, pattern, names, handler] = found;
    const values = pattern.exec(url.pathname)?.slice(1) ?? [];
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(values[i] ?? "")]));
    const response = await handler(toRequest(req, url), { params: Promise.resolve(params) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}

function toRequest(req: IncomingMessage, url: URL): Request {
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method ?? "GET",
    headers: req.headers as Record<string, string>,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
}

beforeAll(async () => {
  database = await createTestDatabase();
  const world = await buildWorld(database.db, now);
  ({ dir, cleanup } = await makeTmpDir("publish-http-"));
  portalStore = new ChunkStore(path.join(dir, "portal-store"));
  const uploads = uploadRoutes({
    getStore: () => portalStore,
    getTrustedKeys: () => trusted,
    token: () => publishToken,
    holdingStoreLease: (work) =>
      withStoreLease(database.db, { now: () => new Date(), ttlMs: 120_000, waitMs: 10_000 }, work),
  });
  const devices = masterRoutes({
    getDb: async () => database.db,
    getStore: () => portalStore,
    now: () => now,
  });
  const countedBatch: Handler = async (request) => {
    batches += 1;
    if (failAfterBatches !== undefined && batches > failAfterBatches)
      return new Response("en panne", { status: 503 });
    const response = await uploads.batch(request);
    if (response.ok) receivedChunks += ((await response.clone().json()) as { stored: number }).stored;
    return response;
  };
  server = portalServer([
    ["POST", /^\/api\/v1\/chunks$/, [], countedBatch],
    [
      "PUT",
      /^\/api\/v1\/masters\/([^/]+)\/([^/]+)\/manifest$/,
      ["name", "version"],
      uploads.manifest as Handler,
    ],
    [
      "GET",
      /^\/api\/v1\/masters\/([^/]+)\/([^/]+)\/manifest$/,
      ["name", "version"],
      devices.manifest as Handler,
    ],
  ]);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  portalUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  deviceToken = await register(world.kioskB.id, world.admin);
  await writeFile(path.join(dir, "dsi.key"), key.privateKeyPem);
  await writeFile(path.join(dir, "publish.token"), `${publishToken}\n`);
  await writeFile(path.join(dir, "wrong.token"), "w".repeat(40));
  disk = (await getTinyMaster({ mode: "test" })).path;
}, 600_000);

async function register(kioskId: string, actor: Parameters<typeof issueRegistrationCode>[1]["actor"]) {
  const { code } = await issueRegistrationCode(database.db, { actor, kioskId, now });
  const answer = await deviceRoutes({ getDb: async () => database.db, now: () => now }).register(
    new Request("http://portail.test/api/v1/kiosks/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code, hostname: "nuc", agentVersion: "0.1.0" }),
    }),
  );
  return ((await answer.json()) as { token: string }).token;
}

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.close();
  await cleanup?.();
});

/** The CLI as IT runs it; its exit code, stdout and stderr whatever the outcome. */
async function publish(version: string, ...extra: string[]) {
  const args = [
    path.join(repoRoot, "image-builder/bin/tremplin-image.mjs"),
    "publish",
    disk,
    ...["--name", "tiny", "--version", version, "--key", path.join(dir, "dsi.key")],
    ...["--portal", portalUrl, "--json", ...extra],
  ];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, {
      cwd: dir,
      timeout: 300_000,
    });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { exitCode: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("tremplin-image publish --portal, against the portal's upload routes over HTTP", () => {
  it("refuses a wrong token before sending anything, and publishes nothing", async () => {
    const run = await publish("0", "--token-file", path.join(dir, "wrong.token"));
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("HTTP 401");
    expect(receivedChunks).toBe(0);
    expect(await portalStore.listVersions()).toEqual([]);
  });

  it("publishes a version that devices then read back through GET manifest", async () => {
    const run = await publish("1", "--token-file", path.join(dir, "publish.token"));
    expect(run.stderr).not.toContain("Error");
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout) as { sha256: string; portal: { sentChunks: number } };
    expect(result.portal.sentChunks).toBe(receivedChunks);
    expect(receivedChunks).toBeGreaterThan(10);

    const answer = await fetch(`${portalUrl}${masterApiPaths.manifest("tiny", "1")}`, {
      headers: { authorization: `Bearer ${deviceToken}` },
    });
    expect(answer.status).toBe(200);
    const manifest = await portalStore.readManifest("tiny", "1", trusted);
    expect(await answer.json()).toEqual(await portalStore.readManifestEnvelope("tiny", "1"));
    expect(manifest.sha256).toBe(result.sha256);
  });

  it("sends a second version's chunks only when the portal lacks them", async () => {
    const before = receivedChunks;
    const run = await publish("2", "--token-file", path.join(dir, "publish.token"));
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout) as { portal: { sentChunks: number } };
    // Same disk, another version: the index part is new (it names its version nowhere, but the
    // manifest does), every data chunk is already on the portal.
    expect(result.portal.sentChunks).toBe(receivedChunks - before);
    expect(result.portal.sentChunks).toBeLessThanOrEqual(1);
    expect((await portalStore.listVersions()).map((v) => v.version)).toEqual(["1", "2"]);
  });

  it("resumes an interrupted upload from the local store, without chunking again or resending", async () => {
    portalStore = new ChunkStore(path.join(dir, "portal-store-2"));
    receivedChunks = 0;
    batches = 0;
    // The index part's batch and one batch of the disk's chunks arrive, then the portal fails.
    failAfterBatches = 2;
    const withStore = ["--token-file", path.join(dir, "publish.token"), "--store", path.join(dir, "local")];
    const broken = await publish("3", ...withStore);
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toContain("HTTP 503");
    expect(broken.stderr).toContain("Relancez la même commande");
    expect(await portalStore.listVersions()).toEqual([]);
    const arrived = receivedChunks;
    expect(arrived).toBeGreaterThan(1);

    failAfterBatches = undefined;
    const resumed = await publish("3", ...withStore);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stderr).not.toContain("découpage");
    const result = JSON.parse(resumed.stdout) as { sha256?: string; portal: { sentChunks: number } };
    expect(result.sha256).toBeUndefined();
    const local = new ChunkStore(path.join(dir, "local"));
    expect(result.portal.sentChunks).toBe((await local.listChunks()).length - arrived);
    expect(receivedChunks - arrived).toBe(result.portal.sentChunks);
    expect(await portalStore.readManifest("tiny", "3", trusted)).toEqual(
      await local.readManifest("tiny", "3", trusted),
    );
  });
});
