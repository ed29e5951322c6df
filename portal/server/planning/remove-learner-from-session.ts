import "server-only";
import type { Db } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import { lockSessionSeats } from "@tremplin/db/queries/learning";
import { queueMailJobs } from "@tremplin/db/queries/mail-jobs";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import { type Actor, auditActor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { passOnFreedSeat } from "@/server/learning/waiting-list";
import { findActiveLearner, findLiveEnrolment, setEnrolmentStatus } from "./enrolment-queries";

const inputSchema = z.object({ sessionId: z.uuid(), learnerId: z.uuid() });

/**
 * IT withdraws a learner from a session (enrolled or waiting). The seat freed goes to the
 * first on the waiting list by the same rule as a learner's own cancellation (the domain's
 * planPromotions: nobody once the session has started), in the same transaction, which also
 * queues both learners' e-mails. Removing someone not enrolled is a no-op.
 */
export async function removeLearnerFromSession(
  db: Db,
  input: { actor: Actor; sessionId: unknown; learnerId: unknown; now: Date; requestId?: string },
): Promise<{ learnerName: string; wasEnrolled: boolean; promoted: string | null }> {
  assertItAdmin(input.actor);
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("not_found", "Inscription introuvable.");
  const { sessionId, learnerId } = parsed.data;
  const learner = await findActiveLearner(db, learnerId);
  return db.transaction(async (tx) => {
    const session = await lockSessionSeats(tx, sessionId);
    if (!session) throw new AppError("not_found", "Session introuvable.");
    const existing = await findLiveEnrolment(tx, sessionId, learnerId);
    const learnerName = learner?.displayName ?? "?";
    if (!existing) return { learnerName, wasEnrolled: false, promoted: null };
    await setEnrolmentStatus(tx, existing.id, "cancelled");
    await appendAudit(tx, {
      at: input.now,
      ...auditActor(input.actor),
      entityType: "session",
      entityId: sessionId,
      action: "enrolment.cancelled",
      details: { learnerId, learner: learnerName, previousStatus: existing.status, by: "it" },
      requestId: input.requestId ?? null,
    });
    await queueMailJobs(tx, [{ kind: "cancelled", enrolmentId: existing.id }], input.now);
    const [next] = await passOnFreedSeat(tx, {
      session,
      leftStatus: existing.status,
      now: input.now,
      requestId: input.requestId,
    });
    return {
      learnerName,
      wasEnrolled: existing.status === "enrolled",
      promoted: next?.learnerName ?? null,
    };
  });
}
