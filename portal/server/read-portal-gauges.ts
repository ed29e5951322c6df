import "server-only";
import { certificateQueueState } from "@tremplin/db/queries/certificates";
import { countMailJobs } from "@tremplin/db/queries/mail-jobs";
import { getDatabase } from "@/server/db";
import { log } from "@/server/log";
import { getMailStatus } from "@/server/mail/mailer";
import { metrics } from "@/server/metrics";

/**
 * Sets the portal-wide gauges from the database (mail and certificate queues) and the mail
 * outbox; one that cannot be read keeps its last value.
 */
export async function readPortalGauges(): Promise<void> {
  const database = await getDatabase().catch(() => undefined);
  if (database) {
    const queued = await countMailJobs(database.db).catch(() => undefined);
    if (queued !== undefined) metrics.mailQueued.set(queued);
    const certificates = await certificateQueueState(database.db).catch(() => undefined);
    if (certificates) {
      metrics.certificatesQueued.set(certificates.waiting);
      metrics.certificatesFailing.set(certificates.failing);
      const age = certificates.oldest ? (Date.now() - certificates.oldest.getTime()) / 1000 : 0;
      metrics.certificatesOldestSeconds.set(Math.max(0, age));
    }
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
