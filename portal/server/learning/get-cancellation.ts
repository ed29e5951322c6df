import "server-only";
import type { Db } from "@tremplin/db/client";
import { listLearnerEnrolments } from "@tremplin/db/queries/learning-progress";
import { cancellationRefusal } from "@tremplin/domain/enrolment";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";

/**
 * What the learner is about to cancel, for the confirmation page: the enrolment with its session
 * and place, and why it can no longer be cancelled if so. Another learner's enrolment, or a
 * cancelled one, is "not found".
 */
export async function getCancellation(db: Db, input: { learnerId: string; enrolmentId: unknown; now: Date }) {
  const id = z.uuid().safeParse(input.enrolmentId);
  const enrolment = id.success
    ? (await listLearnerEnrolments(db, input.learnerId)).find((e) => e.id === id.data)
    : undefined;
  if (!enrolment) throw new AppError("not_found", "Inscription introuvable.");
  return {
    enrolment,
    refusal: cancellationRefusal({
      status: enrolment.status,
      sessionStartsAt: enrolment.startsAt,
      now: input.now,
    }),
  };
}
