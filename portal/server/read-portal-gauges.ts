import "server-only";
import { countMailJobs } from "@tremplin/db/queries/mail-jobs";
import { getDatabase } from "@/server/db";
import { log } from "@/server/log";
import { getMailStatus } from "@/server/mail/mailer";
import { metrics } from "@/server/metrics";

/** Sets the portal-wide gauges from the database and the mail outbox; one that cannot be read keeps its last value. */
export async function readPortalGauges(): Promise<void> {
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
}
