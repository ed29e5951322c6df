import "server-only";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

type Metrics = {
  registry: Registry;
  requests: Counter<"route" | "method" | "status">;
  latency: Histogram<"route" | "method">;
  dbPool: Gauge<"state">;
  mailQueued: Gauge;
  mailPending: Gauge;
  mailLastError: Gauge;
};

// Next.js may evaluate this module more than once per process (route bundles): keep one registry.
const holder = globalThis as typeof globalThis & { __tremplinMetrics?: Metrics };

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "tremplin_portal_" });
  return {
    registry,
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
    }),
    mailQueued: new Gauge({
      name: "tremplin_mail_jobs_queued",
      help: "Enrolment mails queued in the database and not written to the outbox yet",
      registers: [registry],
    }),
    mailPending: new Gauge({
      name: "tremplin_mail_outbox_pending",
      help: "Mails in the outbox folder not handed to the SMTP relay (or the local MTA) yet",
      registers: [registry],
    }),
    mailLastError: new Gauge({
      name: "tremplin_mail_smtp_last_error_timestamp_seconds",
      help: "Unix time of the last failed SMTP delivery (0: none since start); the reason is in the logs",
      registers: [registry],
    }),
  };
}

holder.__tremplinMetrics ??= create();
export const metrics: Metrics = holder.__tremplinMetrics;
