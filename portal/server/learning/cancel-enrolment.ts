import "server-only";
import type { Db } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import {
  findLearnerContact,
  findOwnEnrolment,
  findSessionForEnrolment,
  lockSessionSeats,
  setEnrolmentsStatus,
} from "@tremplin/db/queries/learning";
import { assertCancellable } from "@tremplin/domain/enrolment";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import { type Mailer, sendAfterCommit } from "@/server/mail/mailer";
import { withDatabase } from "@/server/planning/database-errors";
import type { Defer, Learner } from "./enrol-in-session";
import { cancelledMail, promotedMail } from "./enrolment-mails";
import { promoteWaitingList } from "./waiting-list";

/**
 * A learner cancels one of their enrolments. A seat freed goes to the first on the waiting
 * list in the same transaction, and both learners get an e-mail once it has committed.
 * Another learner's enrolment id is "not found": nobody learns that it exists.
 */
export async function cancelEnrolment(
  db: Db,
  input: {
    learner: Learner;
    enrolmentId: unknown;
    now: Date;
    mailer: Mailer;
    baseUrl: string;
    requestId?: string;
    defer?: Defer;
  },
): Promise<{ promoted: number }> {
  const id = z.uuid().safeParse(input.enrolmentId);
  if (!id.success) throw new AppError("not_found", "Inscription introuvable.");
  const outcome = await withDatabase(() =>
    db.transaction(async (tx) => {
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
      const promoted =
        session && enrolment.status === "enrolled"
          ? await promoteWaitingList(tx, {
              session,
              seatsFreed: 1,
              now: input.now,
              requestId: input.requestId,
            })
          : [];
      return { sessionId: enrolment.sessionId, promoted };
    }),
  );
  const sessionId = outcome.sessionId;
  if (sessionId) {
    const send = () => mailAfterCancel(db, { ...input, sessionId, promoted: outcome.promoted });
    if (input.defer) input.defer(send);
    else await send();
  }
  return { promoted: outcome.promoted.length };
}

async function mailAfterCancel(
  db: Db,
  input: {
    learner: Learner;
    sessionId: string;
    promoted: { displayName: string; email: string | null }[];
    mailer: Mailer;
    baseUrl: string;
  },
) {
  const session = await findSessionForEnrolment(db, input.sessionId);
  const contact = await findLearnerContact(db, input.learner.id);
  if (!session) return;
  const mails = [
    contact ? cancelledMail(contact, session, input.baseUrl) : undefined,
    ...input.promoted.map((p) => promotedMail(p, session, input.baseUrl)),
  ].filter((m) => m !== undefined);
  await sendAfterCommit(input.mailer, mails);
}
