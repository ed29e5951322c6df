import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// The accepted request reads the database and the mail outbox: a PGlite of its own, in a temp folder.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "tremplin-metrics-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

// The route reads its settings once per process (env()): each case loads it afresh.
async function metricsRoute(settings: Record<string, string | undefined>) {
  vi.resetModules();
  vi.stubEnv("TREMPLIN_DATA_DIR", dataDir);
  for (const [key, value] of Object.entries(settings)) vi.stubEnv(key, value);
  return (await import("./route")).GET;
}
afterEach(() => void vi.unstubAllEnvs());

const token = "metrics-token-metrics-token-metrics-0123";
const secret = "session-secret-session-secret-0123456789";
const get = (headers: Record<string, string> = {}) =>
  new Request("http://portail.test/api/metrics", { headers });

describe("GET /api/metrics", () => {
  it("does not exist in production when no token is set", async () => {
    const GET = await metricsRoute({ NODE_ENV: "production", NEXTAUTH_SECRET: secret });
    expect((await GET(get())).status).toBe(404);
  });

  it("refuses a request without the token, or with another one", async () => {
    const GET = await metricsRoute({
      NODE_ENV: "production",
      NEXTAUTH_SECRET: secret,
      TREMPLIN_METRICS_TOKEN: token,
    });
    expect((await GET(get())).status).toBe(401);
    expect((await GET(get({ authorization: `Bearer ${token}x` }))).status).toBe(401);
    expect((await GET(get({ authorization: `Basic ${token}` }))).status).toBe(401);
    const body = await (await GET(get({ authorization: "Bearer nope" }))).text();
    expect(body).not.toContain("tremplin_http_requests_total");
  });

  it("answers the scraper that presents the token", async () => {
    const GET = await metricsRoute({
      NODE_ENV: "production",
      NEXTAUTH_SECRET: secret,
      TREMPLIN_METRICS_TOKEN: token,
    });
    const response = await GET(get({ authorization: `Bearer ${token}` }));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("tremplin_http_requests_total");
  });
});
