import "server-only";
import type { Db } from "@tremplin/db/client";
import { deleteExpiredAttendance } from "@tremplin/db/queries/attendance";
import { appendAudit } from "@tremplin/db/queries/audit";
import { listExpiredCertificates, markCertificatePurged } from "@tremplin/db/queries/certificates";
import { defaultTimeZone, localDate } from "@tremplin/domain/calendar";
import type { CertificateStore } from "./certificate-store";
import type { IssuanceDeps } from "./issue-due-certificates";

/**
 * Purges the attendance evidence (kiosk logons, remote activity, corrections, validations) of the
 * sessions whose training's retention ran out after their end, a legal hold on one of their
 * certificates excepted; each purge is audited. Certificates already issued keep the figures
 * they certified.
 */
export async function purgeExpiredAttendance(
  db: Db,
  input: { now: Date; limit?: number },
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const sessions = await deleteExpiredAttendance(tx, { now: input.now, limit: input.limit ?? 100 });
    for (const sessionId of sessions) {
      await appendAudit(tx, {
        at: input.now,
        actorId: null,
        actorLabel: "Conservation des preuves (tâche planifiée)",
        action: "attendance.purged",
        entityType: "session",
        entityId: sessionId,
        details: {},
      });
    }
    return sessions;
  });
}

/**
 * Purges the certificates whose legal clock has run out (the action's end plus the training's
 * retention years; a legal hold stops it): the document and the facts it certified are deleted,
 * the vault says "purged" and the audit log records it. The hash and the vault entries stay, so
 * the log still verifies and a copy the learner kept can still be matched to its entry.
 */
export async function purgeExpiredCertificates(
  db: Db,
  deps: Pick<IssuanceDeps, "appendToVault"> & { store: CertificateStore },
  input: { now: Date; limit?: number },
): Promise<string[]> {
  const today = localDate(input.now, defaultTimeZone);
  const expired = await listExpiredCertificates(db, { today, limit: input.limit ?? 500 });
  const purged: string[] = [];
  for (const c of expired) {
    const done = await db.transaction(async (tx) => {
      if (!(await markCertificatePurged(tx, { id: c.id, at: input.now }))) return false;
      await deps.appendToVault(tx, {
        kind: "purged",
        code: c.code,
        certificateSha256: c.pdfSha256,
        trainingId: c.trainingId,
        learnerId: c.learnerId,
        at: input.now,
        reason: `durée de conservation échue le ${c.retainUntil}`,
      });
      await appendAudit(tx, {
        at: input.now,
        actorId: null,
        actorLabel: "Conservation des preuves (tâche planifiée)",
        action: "certificate.purged",
        entityType: "certificate",
        entityId: c.id,
        details: { code: c.code, retainUntil: c.retainUntil },
      });
      return true;
    });
    // The file goes once the purge is recorded: a crash between leaves a file to delete again,
    // never a record saying purged while nothing was.
    if (done && c.blobKey) await deps.store.remove(c.blobKey);
    if (done) purged.push(c.code);
  }
  return purged;
}
