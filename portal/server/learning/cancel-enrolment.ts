import "server-only";
import type { Db } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import { findOwnEnrolment, lockSessionSeats, setEnrolmentsStatus } from "@tremplin/db/queries/learning";
import { queueMailJobs } from "@tremplin/db/queries/mail-jobs";
import { assertCancellable } from "@tremplin/domain/enrolment";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import type { Learner, MailQueued } from "./enrol-in-session";
import { passOnFreedSeat } from "./waiting-list";

/**
 * A learner cancels one of their enrolments. A seat freed goes to the first on the waiting
 * list in the same transaction, which also queues both learners' e-mails (mail_jobs).
 * Another learner's enrolment id is "not found": nobody learns that it exists. `wasWaiting`: it
 * was a place on the waiting list, which the learner left (said so, not "inscription annulée").
 */
export async function cancelEnrolment(
  db: Db,
  input: {
    learner: Learner;
    enrolmentId: unknown;
    now: Date;
    requestId?: string;
    mailQueued?: MailQueued;
  },
): Promise<{ promoted: number; wasWaiting: boolean }> {
  const id = z.uuid().safeParse(input.enrolmentId);
  if (!id.success) throw new AppError("not_found", "Inscription introuvable.");
  const outcome = await db.transaction(async (tx) => {
    const before = await findOwnEnrolment(tx, id.data, input.learner.id);
    if (!before) throw new AppError("not_found", "Inscription introuvable.");
    // Lock the session first, then read the enrolment again: a promotion in flight is settled.
    const session = before.sessionId ? await lockSessionSeats(tx, before.sessionId) : undefined;
    const enrolment = (await findOwnEnrolment(tx, id.data, input.learner.id))!;
    assertCancellable({
      status: enrolment.status,
      sessionStartsAt: enrolment.sessionStartsAt,
      now: input.now,
    });
    await setEnrolmentsStatus(tx, [enrolment.id], "cancelled");
    await appendAudit(tx, {
      at: input.now,
      actorId: input.learner.id,
      actorLabel: input.learner.name,
      action: "enrolment.cancelled",
      entityType: enrolment.sessionId ? "session" : "training",
      entityId: enrolment.sessionId ?? enrolment.trainingId,
      details: { learnerId: input.learner.id, previousStatus: enrolment.status, by: "learner" },
      requestId: input.requestId ?? null,
    });
    if (enrolment.sessionId) {
      await queueMailJobs(tx, [{ kind: "cancelled", enrolmentId: enrolment.id }], input.now);
    }
    const promoted = await passOnFreedSeat(tx, {
      session,
      leftStatus: enrolment.status,
      now: input.now,
      requestId: input.requestId,
    });
    return {
      promoted: promoted.length,
      mailQueued: enrolment.sessionId !== null,
      wasWaiting: enrolment.status === "waitlisted",
    };
  });
  if (outcome.mailQueued) input.mailQueued?.();
  return { promoted: outcome.promoted, wasWaiting: outcome.wasWaiting };
}
