import "server-only";
import cluster from "node:cluster";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { getDatabase } from "@/server/db";

type Metrics = {
  /** What this process did: requests, latency, its pool, its memory. Several processes add up. */
  registry: Registry;
  /** What holds for the whole portal (the mail queue, the outbox): read once, by whoever answers. */
  portalRegistry: Registry;
  requests: Counter<"route" | "method" | "status">;
  latency: Histogram<"route" | "method">;
  dbPool: Gauge<"state">;
  mailQueued: Gauge;
  mailPending: Gauge;
  mailLastError: Gauge;
  certificatesQueued: Gauge;
  certificatesFailing: Gauge;
  certificatesOldestSeconds: Gauge;
};

// Next.js may evaluate this module more than once per process (route bundles): keep one registry.
const holder = globalThis as typeof globalThis & { __tremplinMetrics?: Metrics };

function create(): Metrics {
  const registry = new Registry();
  const portalRegistry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "tremplin_portal_" });
  return {
    registry,
    portalRegistry,
    requests: new Counter({
      name: "tremplin_http_requests_total",
      help: "HTTP requests handled, by route, method and status",
      labelNames: ["route", "method", "status"],
      registers: [registry],
    }),
    latency: new Histogram({
      name: "tremplin_http_request_duration_seconds",
      help: "HTTP request latency by route",
      labelNames: ["route", "method"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    dbPool: new Gauge({
      name: "tremplin_db_pool_connections",
      help: "Database pool connections by state (total, idle, waiting)",
      labelNames: ["state"],
      registers: [registry],
      async collect() {
        const database = await getDatabase().catch(() => undefined);
        const pool = database?.poolStats() ?? { total: 0, idle: 0, waiting: 0 };
        for (const [state, value] of Object.entries(pool)) this.set({ state }, value);
      },
    }),
    mailQueued: new Gauge({
      name: "tremplin_mail_jobs_queued",
      help: "Enrolment mails queued in the database and not written to the outbox yet",
      registers: [portalRegistry],
    }),
    mailPending: new Gauge({
      name: "tremplin_mail_outbox_pending",
      help: "Mails in the outbox folder not handed to the SMTP relay (or the local MTA) yet",
      registers: [portalRegistry],
    }),
    mailLastError: new Gauge({
      name: "tremplin_mail_smtp_last_error_timestamp_seconds",
      help: "Unix time of the last failed SMTP delivery (0: none since start); the reason is in the logs",
      registers: [portalRegistry],
    }),
    certificatesQueued: new Gauge({
      name: "tremplin_certificate_jobs_queued",
      help: "Enrolments waiting for their completion to be evaluated and their certificates issued",
      registers: [portalRegistry],
    }),
    certificatesFailing: new Gauge({
      name: "tremplin_certificate_jobs_failing",
      help: "Queued evaluations whose last attempt failed (time-stamp authority down, disk full): see the logs",
      registers: [portalRegistry],
    }),
    certificatesOldestSeconds: new Gauge({
      name: "tremplin_certificate_jobs_oldest_seconds",
      help: "Age of the oldest queued evaluation (0 when none): how late the latest certificates are",
      registers: [portalRegistry],
    }),
  };
}

holder.__tremplinMetrics ??= create();
export const metrics: Metrics = holder.__tremplinMetrics;

type Message = { type?: string; id?: number; metrics?: string };

/**
 * In a worker of bin/tremplin-portal.mjs (several processes on one port), answers the primary's
 * call for this process's metrics. Called at start-up (instrumentation.ts), before any request.
 */
export function answerMetricsCalls(): void {
  if (!cluster.isWorker) return;
  process.on("message", async (message: Message) => {
    if (message?.type !== "tremplin:metrics?") return;
    const json = await metrics.registry.getMetricsAsJSON();
    process.send?.({ type: "tremplin:metrics", id: message.id, metrics: json });
  });
}

let nextCall = 0;

/** Every process's metrics added up: asked of the primary when there are several processes. */
export async function processMetrics(): Promise<string> {
  if (!cluster.isWorker) return metrics.registry.metrics();
  const id = nextCall++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off("message", onMessage);
      reject(new Error("metrics: the primary process did not answer within 5 s"));
    }, 5_000);
    function onMessage(message: Message) {
      if (message?.type !== "tremplin:cluster-metrics" || message.id !== id) return;
      clearTimeout(timer);
      process.off("message", onMessage);
      resolve(message.metrics ?? "");
    }
    process.on("message", onMessage);
    process.send?.({ type: "tremplin:cluster-metrics?", id });
  });
}
