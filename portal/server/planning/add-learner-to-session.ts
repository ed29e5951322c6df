import "server-only";
import type { Db } from "@tremplin/db/client";
import { isUniqueViolation } from "@tremplin/db/errors";
import { lockSession } from "@tremplin/db/queries/planning";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { assertSessionTakesEnrolments, enrolLockedLearner } from "./enrol-locked-learner";
import { findActiveLearner, findLiveEnrolment } from "./enrolment-queries";

const inputSchema = z.object({ sessionId: z.uuid(), learnerId: z.uuid({ message: "stagiaire inconnu" }) });

export type AddLearnerResult = { learnerName: string; outcome: "enrolled" | "promoted" | "already_enrolled" };

/**
 * IT enrols a learner in a session, within its capacity. A learner on the waiting list is
 * given the seat; one already enrolled is left as is (a double submit changes nothing). The
 * session row is locked, so two additions at once cannot both take the last seat. The learner
 * gets the same confirmation e-mail as when enrolling themselves.
 */
export async function addLearnerToSession(
  db: Db,
  input: { actor: Actor; sessionId: unknown; learnerId: unknown; now: Date; requestId?: string },
): Promise<AddLearnerResult> {
  assertItAdmin(input.actor);
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Choisissez un stagiaire.", {
      issues: [{ path: "learnerId", message: "stagiaire inconnu" }],
    });
  }
  const { sessionId, learnerId } = parsed.data;
  const learner = await findActiveLearner(db, learnerId);
  if (!learner?.roles.includes("learner")) {
    throw new AppError("invalid_input", "Ce compte n'est pas un stagiaire actif.", {
      issues: [{ path: "learnerId", message: "stagiaire inconnu ou désactivé" }],
    });
  }
  const run = () =>
    db.transaction(async (tx): Promise<AddLearnerResult> => {
      const session = await lockSession(tx, sessionId);
      if (!session) throw new AppError("not_found", "Session introuvable.");
      assertSessionTakesEnrolments(session, input.now);
      const existing = await findLiveEnrolment(tx, sessionId, learnerId);
      if (existing && existing.status !== "waitlisted") {
        return { learnerName: learner.displayName, outcome: "already_enrolled" };
      }
      if (session.enrolled >= session.capacity) {
        throw new AppError(
          "conflict",
          `Session complète (${session.enrolled} / ${session.capacity} places) : retirez un stagiaire ou augmentez la capacité.`,
          { issues: [{ path: "learnerId", message: "session complète" }] },
        );
      }
      const outcome = await enrolLockedLearner(tx, {
        actor: input.actor,
        session,
        learner: { ...learner, id: learnerId },
        waitlistedEnrolmentId: existing?.id,
        now: input.now,
        requestId: input.requestId,
      });
      return { learnerName: learner.displayName, outcome };
    });
  try {
    return await run();
  } catch (error) {
    // The learner enrolled themselves at the same instant: the unique index kept one row.
    if (isUniqueViolation(error)) return { learnerName: learner.displayName, outcome: "already_enrolled" };
    throw error;
  }
}
