#!/usr/bin/env node
// The portal in production: `next start`, in one process per CPU core when the database is
// PostgreSQL. Arguments go to `next start` (-p PORT -H HOST).
//
// Node runs a page's JavaScript on one core and a page is mostly CPU (React rendering, a few
// milliseconds): with one process the other cores stay idle while requests queue behind each
// other. The processes share the port (node:cluster hands each new connection to the next one)
// and nothing else: they are the "several instances" the mail queue and the outbox were built
// for (docs/decisions/007 and 009). PGlite lives inside one process: without DATABASE_URL there
// is one. The primary only watches its workers: it starts a dead one again, stops them all on
// SIGTERM, and adds their metrics up for /api/metrics (server/metrics.ts).
import cluster from "node:cluster";
import http from "node:http";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { parseTrustedProxies, stampClientAddress } from "./client-address.mjs";

const require = createRequire(import.meta.url);

const settings = z
  .object({
    DATABASE_URL: z.string().optional(),
    TREMPLIN_PORTAL_PROCESSES: z.coerce
      .number({ message: "attendu : un nombre de processus, ex. 4" })
      .int({ message: "attendu : un nombre entier de processus" })
      .min(1, { message: "attendu : au moins 1 processus" })
      .max(64, { message: "attendu : 64 processus au plus" })
      .optional(),
    // Proxies whose X-Forwarded-For is believed (client-address.mjs); none by default.
    TREMPLIN_TRUSTED_PROXIES: z
      .string()
      .optional()
      .transform((value, ctx) => {
        const parsed = parseTrustedProxies(value);
        if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
        return parsed.ok ? parsed.trusted : z.NEVER;
      }),
  })
  .refine((s) => s.DATABASE_URL || (s.TREMPLIN_PORTAL_PROCESSES ?? 1) === 1, {
    path: ["TREMPLIN_PORTAL_PROCESSES"],
    message: "PGlite (sans DATABASE_URL) ne vit que dans un processus : 1, ou une base PostgreSQL",
  })
  .safeParse(process.env);
if (!settings.success) {
  console.error(settings.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join(" ; "));
  process.exit(2);
}
const { DATABASE_URL, TREMPLIN_PORTAL_PROCESSES, TREMPLIN_TRUSTED_PROXIES } = settings.data;
const processes = TREMPLIN_PORTAL_PROCESSES ?? (DATABASE_URL ? availableParallelism() : 1);

if (processes > 1 && cluster.isPrimary) watchWorkers(processes);
else startNext();

function startNext() {
  // `next start` makes its HTTP server with http.createServer: each one it makes gets the
  // client's address stamped on every request before Next reads it (client-address.mjs).
  const createServer = http.createServer;
  http.createServer = (...args) => {
    const server = createServer(...args);
    stampClientAddress(server, TREMPLIN_TRUSTED_PROXIES);
    return server;
  };
  const next = require.resolve("next/dist/bin/next");
  process.argv = [process.argv[0], next, "start", ...process.argv.slice(2)];
  require(next);
}

function watchWorkers(count) {
  const { AggregatorRegistry } = require("prom-client");
  let stopping = false;
  let crashes = [];
  console.log(`portail : ${count} processus (TREMPLIN_PORTAL_PROCESSES)`);
  for (let i = 0; i < count; i++) cluster.fork();

  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      // With process.exitCode: 1 after stopAll, 0 after SIGTERM.
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    // A bad setting or build stops each new worker at start-up too: give up rather than loop.
    const now = Date.now();
    crashes = [...crashes.filter((at) => now - at < 60_000), now];
    if (crashes.length > 5) return stopAll("plus de 5 arrêts de processus en une minute");
    console.error(`portail : processus ${worker.process.pid} arrêté (${code ?? signal}), relancé`);
    cluster.fork();
  });

  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, stopWorkers);

  function stopWorkers() {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
  }

  function stopAll(reason) {
    console.error(`portail : ${reason} ; arrêt`);
    process.exitCode = 1;
    stopWorkers();
    setTimeout(() => process.exit(1), 10_000).unref();
  }

  // /api/metrics in any worker asks for everyone's: the primary collects each process's
  // registry as JSON and adds them up (counters and histograms summed, gauges by their own rule).
  let nextId = 0;
  cluster.on("message", async (from, message) => {
    if (message?.type !== "tremplin:cluster-metrics?") return;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w?.isConnected());
    const answers = await Promise.all(workers.map(askMetrics));
    const metrics = await AggregatorRegistry.aggregate(answers.filter(Boolean)).metrics();
    from.send({ type: "tremplin:cluster-metrics", id: message.id, metrics });
  });

  /** One worker's registry as JSON; undefined when it is busy starting or stopping (2 s). */
  function askMetrics(worker) {
    const id = nextId++;
    return new Promise((resolve) => {
      const done = (metrics) => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        resolve(metrics);
      };
      const onMessage = (message) => {
        if (message?.type === "tremplin:metrics" && message.id === id) done(message.metrics);
      };
      const timer = setTimeout(done, 2_000);
      worker.on("message", onMessage);
      worker.send({ type: "tremplin:metrics?", id });
    });
  }
}
