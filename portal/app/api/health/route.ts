import { checkHealth } from "@/server/health";
import { json, route } from "@/server/http";

export const dynamic = "force-dynamic";

export const GET = route("health", async () => {
  const health = await checkHealth();
  return json(health.status === "ok" ? 200 : 503, health, { "cache-control": "no-store" });
});
