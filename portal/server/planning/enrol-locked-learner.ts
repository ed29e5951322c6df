import "server-only";
import type { Db } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import { queueMailJobs } from "@tremplin/db/queries/mail-jobs";
import type { lockSession } from "@tremplin/db/queries/planning";
import { AppError } from "@tremplin/domain/errors";
import { type Actor, auditActor } from "@/server/audit/actor";
import { insertEnrolment, setEnrolmentStatus } from "./enrolment-queries";

export type LockedSession = NonNullable<Awaited<ReturnType<typeof lockSession>>>;

/** IT enrols only in a session that still runs: refused for a cancelled or finished one. */
export function assertSessionTakesEnrolments(session: LockedSession, now: Date): void {
  if (session.cancelledAt) throw new AppError("conflict", "Cette session est annulée.");
  if (session.endsAt <= now) {
    throw new AppError("conflict", "Cette session est terminée : on ne peut plus y inscrire.");
  }
}

/**
 * Writes IT's enrolment of one learner in a session the caller has locked and checked for a
 * free seat: a new enrolment, or the seat given to the learner's place on the waiting list
 * (`waitlistedEnrolmentId`). The learner gets the confirmation mail; the audit line says who
 * and how (`via`: by hand or from a CSV list).
 */
export async function enrolLockedLearner(
  tx: Db,
  input: {
    actor: Actor;
    session: LockedSession;
    learner: { id: string; displayName: string; username: string };
    waitlistedEnrolmentId: string | undefined;
    now: Date;
    requestId?: string | undefined;
    via?: "csv";
  },
): Promise<"enrolled" | "promoted"> {
  const { session, learner } = input;
  if (input.waitlistedEnrolmentId) await setEnrolmentStatus(tx, input.waitlistedEnrolmentId, "enrolled");
  const enrolmentId =
    input.waitlistedEnrolmentId ??
    (
      await insertEnrolment(tx, {
        learnerId: learner.id,
        sessionId: session.id,
        trainingId: session.trainingId,
        now: input.now,
      })
    ).id;
  await queueMailJobs(tx, [{ kind: "enrolled", enrolmentId }], input.now);
  const outcome = input.waitlistedEnrolmentId ? "promoted" : "enrolled";
  await appendAudit(tx, {
    at: input.now,
    ...auditActor(input.actor),
    action: outcome === "promoted" ? "enrolment.promoted" : "enrolment.created",
    entityType: "session",
    entityId: session.id,
    details: {
      learnerId: learner.id,
      learner: `${learner.displayName} (${learner.username})`,
      by: "it",
      ...(input.via ? { via: input.via } : {}),
    },
    requestId: input.requestId ?? null,
  });
  return outcome;
}
