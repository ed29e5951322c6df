import { env } from "@/env";
import { route } from "@/server/http";
import { metrics, processMetrics } from "@/server/metrics";
import { checkMetricsAccess } from "@/server/metrics-access";
import { readPortalGauges } from "@/server/read-portal-gauges";

export const dynamic = "force-dynamic";

/** Prometheus text: every portal process's own metrics added up, then the portal-wide gauges. */
export const GET = route("metrics", async (request) => {
  const { TREMPLIN_METRICS_TOKEN, NODE_ENV } = env();
  checkMetricsAccess(request, { token: TREMPLIN_METRICS_TOKEN, isProduction: NODE_ENV === "production" });
  await readPortalGauges();
  const body = `${await processMetrics()}\n${await metrics.portalRegistry.metrics()}`;
  return new Response(body, {
    headers: { "content-type": metrics.registry.contentType, "cache-control": "no-store" },
  });
});
