import "server-only";
import type { Db } from "@tremplin/db/client";
import { findTraining, listTrainingModules, listUpcomingSessions } from "@tremplin/db/queries/catalogue";
import { listPrerequisiteStates } from "@tremplin/db/queries/learning";
import { listLearnerEnrolments } from "@tremplin/db/queries/learning-progress";
import { parseTrainingRules } from "@tremplin/domain/assessment";
import { findOverlappingSession, heldSessions } from "@tremplin/domain/enrolment";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";

/**
 * A training as the catalogue shows it: objectives, modules, duration, sessions not ended with
 * free seats, and for a signed-in learner their own place in each session and the prerequisites
 * they still lack.
 */
export async function getTrainingPage(
  db: Db,
  input: { trainingId: unknown; learnerId?: string | undefined; now: Date },
) {
  const id = z.uuid().safeParse(input.trainingId);
  if (!id.success) throw new AppError("not_found", "Formation introuvable.");
  const training = await findTraining(db, id.data);
  if (!training) throw new AppError("not_found", "Formation introuvable.");
  const [modules, sessions, prerequisites, mine] = await Promise.all([
    listTrainingModules(db, training.id),
    listUpcomingSessions(db, { trainingId: training.id, now: input.now }),
    input.learnerId
      ? listPrerequisiteStates(db, {
          learnerId: input.learnerId,
          organisationId: training.organisationId,
          codes: training.prerequisiteCodes,
        })
      : Promise.resolve(undefined),
    input.learnerId ? listLearnerEnrolments(db, input.learnerId) : Promise.resolve([]),
  ]);
  const own = mine.filter((e) => e.trainingId === training.id);
  const now = input.now.getTime();
  const held = heldSessions(mine);
  return {
    training: { ...training, rules: parseTrainingRules(training.rules) },
    modules,
    totalMinutes: modules.reduce((sum, m) => sum + m.durationMinutes, 0),
    prerequisites: training.prerequisiteCodes.map((code) => {
      const state = prerequisites?.find((p) => p.code.toUpperCase() === code.toUpperCase());
      return { code, title: state?.title ?? null, isDone: prerequisites ? (state?.isDone ?? false) : null };
    }),
    sessions: sessions.map((s) => {
      const enrolment = own.find((e) => e.sessionId === s.id);
      return {
        ...s,
        freeSeats: Math.max(0, s.capacity - s.seatsTaken),
        isOpen: s.startsAt.getTime() > now,
        /** Another session the learner holds at the same time: warned before enrolling. */
        overlap: enrolment
          ? undefined
          : findOverlappingSession({ sessionId: s.id, startsAt: s.startsAt, endsAt: s.endsAt }, held),
        myEnrolment: enrolment
          ? { id: enrolment.id, status: enrolment.status, waitingPosition: enrolment.waitingPosition }
          : null,
      };
    }),
    canStudy: own.some((e) => e.status !== "waitlisted"),
  };
}
