import "server-only";
import type { Db } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import { queueMailJobs } from "@tremplin/db/queries/mail-jobs";
import { lockSession } from "@tremplin/db/queries/planning";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import { type Actor, assertItAdmin, auditActor } from "@/server/fleet/actor";
import { withDatabase } from "./database-errors";
import {
  findActiveLearner,
  findFirstWaitlisted,
  findLiveEnrolment,
  setEnrolmentStatus,
} from "./enrolment-queries";

const inputSchema = z.object({ sessionId: z.uuid(), learnerId: z.uuid() });

/**
 * IT withdraws a learner from a session (enrolled or waiting). The seat freed goes to the
 * first on the waiting list, in the same transaction, which also queues both learners' e-mails.
 * Removing someone not enrolled is a no-op.
 */
export async function removeLearnerFromSession(
  db: Db,
  input: { actor: Actor; sessionId: unknown; learnerId: unknown; now: Date; requestId?: string },
): Promise<{ learnerName: string; wasEnrolled: boolean; promoted: string | null }> {
  return withDatabase(async () => {
    assertItAdmin(input.actor);
    const parsed = inputSchema.safeParse(input);
    if (!parsed.success) throw new AppError("not_found", "Inscription introuvable.");
    const { sessionId, learnerId } = parsed.data;
    const learner = await findActiveLearner(db, learnerId);
    return db.transaction(async (tx) => {
      const session = await lockSession(tx, sessionId);
      if (!session) throw new AppError("not_found", "Session introuvable.");
      const existing = await findLiveEnrolment(tx, sessionId, learnerId);
      const learnerName = learner?.displayName ?? "?";
      if (!existing) return { learnerName, wasEnrolled: false, promoted: null };
      await setEnrolmentStatus(tx, existing.id, "cancelled");
      const audit = { at: input.now, ...auditActor(input.actor), entityType: "session", entityId: sessionId };
      await appendAudit(tx, {
        ...audit,
        action: "enrolment.cancelled",
        details: { learnerId, learner: learnerName, previousStatus: existing.status, by: "it" },
        requestId: input.requestId ?? null,
      });
      const seatFreed = existing.status === "enrolled" && !session.cancelledAt && session.endsAt > input.now;
      const next =
        seatFreed && session.enrolled - 1 < session.capacity
          ? await findFirstWaitlisted(tx, sessionId)
          : undefined;
      if (next) {
        await setEnrolmentStatus(tx, next.id, "enrolled");
        await appendAudit(tx, {
          ...audit,
          action: "enrolment.promoted",
          details: { learnerId: next.learnerId, learner: next.displayName, by: "waiting_list" },
          requestId: input.requestId ?? null,
        });
      }
      await queueMailJobs(
        tx,
        [
          { kind: "cancelled", enrolmentId: existing.id },
          ...(next ? [{ kind: "promoted" as const, enrolmentId: next.id }] : []),
        ],
        input.now,
      );
      return {
        learnerName,
        wasEnrolled: existing.status === "enrolled",
        promoted: next?.displayName ?? null,
      };
    });
  });
}
