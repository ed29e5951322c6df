import { countMailJobs } from "@tremplin/db/queries/mail-jobs";
import { getDatabase } from "@/server/db";
import { route } from "@/server/http";
import { log } from "@/server/log";
import { getMailStatus } from "@/server/mail/mailer";
import { metrics } from "@/server/metrics";

export const dynamic = "force-dynamic";

export const GET = route("metrics", async () => {
  const database = await getDatabase().catch(() => undefined);
  const pool = database?.poolStats() ?? { total: 0, idle: 0, waiting: 0 };
  for (const [state, value] of Object.entries(pool)) metrics.dbPool.set({ state }, value);
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
  return new Response(await metrics.registry.metrics(), {
    headers: { "content-type": metrics.registry.contentType, "cache-control": "no-store" },
  });
});
