import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildPortal, startPortal } from "@tremplin/testkit/portal";
import { type PostgresCluster, startPostgres } from "@tremplin/testkit/postgres";
import { type Child, freePort } from "@tremplin/testkit/processes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The portal as production runs it on PostgreSQL: the production build, two processes on one
// port (bin/tremplin-portal.mjs). Each request is served once whichever process takes it,
// /api/metrics adds both processes up, and a process that dies is replaced while the other serves.

let postgres: PostgresCluster;
let portal: Child;
let dataDir: string;
let base: string;
const metricsToken = "processes-metrics-token-processes-0123";
// /api/metrics answers its scraper only (TREMPLIN_METRICS_TOKEN); other routes ignore the header.
const asScraper = { authorization: `Bearer ${metricsToken}` };

beforeAll(async () => {
  postgres = await startPostgres();
  dataDir = await mkdtemp(path.join(tmpdir(), "tremplin-processes-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: await postgres.createDatabase("portal"),
    TREMPLIN_DATA_DIR: dataDir,
    TREMPLIN_PORTAL_PROCESSES: "2",
    NEXTAUTH_URL: base,
    NEXTAUTH_SECRET: "processes-secret-processes-secret-0123",
    TREMPLIN_METRICS_TOKEN: metricsToken,
    NODE_ENV: "production" as const,
  };
  buildPortal(env);
  portal = await startPortal({ port, env, quiet: true });
});

afterAll(async () => {
  await portal?.stop();
  await postgres?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** One GET on a connection of its own, so that the cluster may hand it to either process. */
function get(pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${pathname}`, { agent: false, headers: asScraper }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject)
      .setTimeout(10_000, function (this: http.ClientRequest) {
        this.destroy(new Error(`${pathname}: no answer within 10 s`));
      });
  });
}

function workerPids(): number[] {
  const out = spawnSync("pgrep", ["-P", String(portal.process.pid)], { encoding: "utf8" }).stdout;
  return out.split("\n").filter(Boolean).map(Number);
}

async function healthRequestsCounted(): Promise<number> {
  const { status, body } = await get("/api/metrics");
  expect(status).toBe(200);
  return body
    .split("\n")
    .filter((line) => line.startsWith("tremplin_http_requests_total{") && line.includes('route="health"'))
    .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
}

describe("the portal in several processes (bin/tremplin-portal.mjs)", () => {
  it("runs the asked number of processes under one primary", () => {
    expect(workerPids()).toHaveLength(2);
  });

  it("counts in /api/metrics the requests of every process", async () => {
    const before = await healthRequestsCounted();
    const answers = await Promise.all(Array.from({ length: 20 }, () => get("/api/health")));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    // One process alone saw about half of them: the total is exact only if both were added.
    expect((await healthRequestsCounted()) - before).toBe(20);
    const body = (await get("/api/metrics")).body;
    expect(body.match(/^# TYPE tremplin_mail_jobs_queued gauge$/gm)).toHaveLength(1);
  });

  it("replaces a process that dies, and serves on", async () => {
    const [victim, survivor] = workerPids() as [number, number];
    process.kill(victim, "SIGKILL");
    // A connection handed to the victim in the instant it died is lost (its client times out and
    // retries, as when an instance behind a load balancer dies); the next ones are served.
    const deadline = Date.now() + 60_000;
    let pids = workerPids();
    while (!(pids.length === 2 && !pids.includes(victim)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      pids = workerPids();
    }
    expect(pids).toHaveLength(2);
    expect(pids).toContain(survivor);
    expect(pids).not.toContain(victim);
    const after = await Promise.all(Array.from({ length: 10 }, () => get("/api/health")));
    expect(after.map((a) => a.status)).toEqual(Array(10).fill(200));
  });
});

describe("the number of processes", () => {
  const launcher = path.join(import.meta.dirname, "tremplin-portal.mjs");
  const run = (env: Record<string, string>) => {
    const { DATABASE_URL: _, ...rest } = process.env;
    const cwd = path.dirname(import.meta.dirname); // portal/, as `npm start -w @tremplin/portal`
    return spawnSync(process.execPath, [launcher], { cwd, env: { ...rest, ...env }, encoding: "utf8" });
  };

  it("is one with PGlite, which lives inside one process: asking for more is refused", () => {
    const result = run({ TREMPLIN_PORTAL_PROCESSES: "2" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("TREMPLIN_PORTAL_PROCESSES: PGlite");
  });

  it("stops everything, with an error, when its processes die before they serve", () => {
    // A bad setting stops each worker at start-up: starting them again would only loop.
    const result = run({
      TREMPLIN_PORTAL_PROCESSES: "2",
      DATABASE_URL: "postgres://x@127.0.0.1:1/x",
      LOG_LEVEL: "bavard",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("LOG_LEVEL");
    expect(result.stderr).toContain("plus de 5 arrêts de processus en une minute ; arrêt");
  });

  it("must be a whole number", () => {
    const result = run({ TREMPLIN_PORTAL_PROCESSES: "deux", DATABASE_URL: "postgres://x@127.0.0.1/x" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("TREMPLIN_PORTAL_PROCESSES: attendu : un nombre de processus");
  });
});
