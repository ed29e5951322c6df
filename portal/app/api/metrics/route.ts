import { countMailJobs } from "@tremplin/db/queries/mail-jobs";
import { env } from "@/env";
import { getDatabase } from "@/server/db";
import { route } from "@/server/http";
import { log } from "@/server/log";
import { getMailStatus } from "@/server/mail/mailer";
import { metrics, processMetrics } from "@/server/metrics";
import { checkMetricsAccess } from "@/server/metrics-access";

export const dynamic = "force-dynamic";

/** Prometheus text: every portal process's own metrics added up, then the portal-wide gauges. */
export const GET = route("metrics", async (request) => {
  const { TREMPLIN_METRICS_TOKEN, NODE_ENV } = env();
  checkMetricsAccess(request, { token: TREMPLIN_METRICS_TOKEN, isProduction: NODE_ENV === "production" });
  const database = await getDatabase().catch(() => undefined);
  if (database) {
    const queued = await countMailJobs(database.db).catch(() => undefined);
    if (queued !== undefined) metrics.mailQueued.set(queued);
  }
  const mail = await getMailStatus().catch((error) => {
    log.error({ err: error }, "mail outbox unreadable for metrics");
    return undefined;
  });
  if (mail) {
    metrics.mailPending.set(mail.pending);
    metrics.mailLastError.set(mail.lastError ? mail.lastError.at.getTime() / 1000 : 0);
  }
  const body = `${await processMetrics()}\n${await metrics.portalRegistry.metrics()}`;
  return new Response(body, {
    headers: { "content-type": metrics.registry.contentType, "cache-control": "no-store" },
  });
});
