import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findMaster } from "../masters/catalog";
import { httpChunkSource } from "../masters/chunk-source";
import { httpGetBytes } from "../masters/http-get";
import { waitFor } from "../testing/wait-for";
import { deltaBytes, kioskAt, type Published, publishTwoVersions, startOrigin, v1, v2 } from "./test-world";

// Debian's nginx-light (scripts/lib/prerequisites.mjs): the documented stand-in for a relay.
const nginxBinary = "/usr/sbin/nginx";
let dir: string;
let cleanup: () => Promise<void>;
let published: Published;
let origin: Awaited<ReturnType<typeof startOrigin>>;
let nginx: ChildProcess | undefined;
let nginxUrl: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  ({ dir, cleanup } = await makeTmpDir("nginx-relay-"));
  published = await publishTwoVersions(dir);
  origin = await startOrigin(published, () => []);
  const prefix = path.join(dir, "nginx");
  await mkdir(prefix, { recursive: true });
  // nginx's workers drop root for nobody: let them reach and write their cache.
  await chmod(dir, 0o755);
  await chmod(prefix, 0o777);
  const port = await freePort();
  const template = await readFile(new URL("./fixtures/nginx-relay.conf", import.meta.url), "utf8");
  const conf = path.join(prefix, "nginx.conf");
  await writeFile(
    conf,
    template
      .replaceAll("@PREFIX@", prefix)
      .replaceAll("@LISTEN@", `127.0.0.1:${port}`)
      .replaceAll("@UPSTREAM@", origin.url),
  );
  nginx = spawn(nginxBinary, ["-p", prefix, "-c", conf, "-g", "daemon off;"], { stdio: "inherit" });
  nginxUrl = `http://127.0.0.1:${port}`;
  await waitFor(
    "nginx listening",
    () =>
      httpGetBytes(new URL("/healthz", nginxUrl), { headers: {}, timeoutMs: 500, maxBytes: 1000 }).then(
        (r) => r.status === 200,
        () => false,
      ),
    15_000,
  );
}, 600_000);
afterAll(async () => {
  if (nginx?.pid) nginx.kill("SIGQUIT");
  origin?.server.close();
  await cleanup?.();
});

describe("nginx as a site's relay (proxy_cache on the chunk route)", () => {
  it("brings v2 to two posts with v2's delta crossing the WAN once", async () => {
    const posts = [
      kioskAt(path.join(dir, "a"), published.trusted),
      kioskAt(path.join(dir, "b"), published.trusted),
    ];
    for (const post of posts) await post.sync(v1, [httpChunkSource({ baseUrl: origin.url })]);
    const { chunkBytes, manifestBytes } = await deltaBytes(published.store, published.trusted, v1, v2);
    const before = origin.sentBytes();
    await Promise.all(posts.map((post) => post.sync(v2, [httpChunkSource({ baseUrl: nginxUrl })])));
    expect(origin.sentBytes() - before).toBe(chunkBytes + manifestBytes);
    for (const post of posts) expect((await findMaster(post.mastersDir, v2))?.isVerified).toBe(true);
  });

  it("answers from its cache with the portal's headers, and a range from the cached chunk", async () => {
    const manifest = await published.store.readManifest(v2.name, v2.version, published.trusted);
    const [, , sha256, size] = manifest.chunks[0]!;
    const url = new URL(`/api/v1/chunks/${sha256}`, nginxUrl);
    const get = (headers: Record<string, string> = {}) =>
      httpGetBytes(url, { headers, timeoutMs: 5000, maxBytes: 1 << 24 });
    await get();
    const hit = await get();
    expect(hit.headers["x-cache-status"]).toBe("HIT");
    expect(hit.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(hit.headers.etag).toBe(`"${sha256}"`);
    const part = await get({ range: "bytes=0-9" });
    expect(part.status).toBe(206);
    expect(part.headers["content-range"]).toBe(`bytes 0-9/${size}`);
    expect(part.body).toEqual((await published.store.findCompressedChunk(sha256))!.subarray(0, 10));
  });
});
