import "server-only";
import type { Db } from "@tremplin/db/client";
import { listLearnerAttempts } from "@tremplin/db/queries/assessments";
import { AppError } from "@tremplin/domain/errors";
import type { Actor } from "@/server/audit/actor";
import { listMyTrainings } from "@/server/learning/list-my-trainings";

/** How many lines each block of the learner's home shows: the rest is one link away. */
const shown = 3;
const resultsShown = 4;

export type HomeSession = {
  enrolmentId: string;
  trainingTitle: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  roomName: string | null;
  siteName: string | null;
  isWaitlisted: boolean;
};
export type HomeModuleToContinue = {
  trainingTitle: string;
  percent: number;
  href: string;
  hasStarted: boolean;
};
export type HomeResult = {
  id: string;
  moduleTitle: string;
  trainingTitle: string;
  scorePercent: number;
  isRetained: boolean;
  submittedAt: Date;
  href: string;
};
export type LearnerHome = {
  nextSessions: HomeSession[];
  toContinue: HomeModuleToContinue[];
  results: HomeResult[];
};

/**
 * The learner's home: their next sessions, the trainings to continue (where "Mes formations"
 * would resume) and their latest results. Two queries, both on the learner's own rows
 * (enrolments_learner_idx, attempts_learner_submitted_idx): nobody else's data can appear.
 */
export async function getLearnerHome(db: Db, input: { actor: Actor; now: Date }): Promise<LearnerHome> {
  if (!input.actor.roles.includes("learner")) throw new AppError("forbidden", "Réservé aux stagiaires.");
  const learnerId = input.actor.id;
  const [trainings, attempts] = await Promise.all([
    listMyTrainings(db, { learnerId, now: input.now }),
    listLearnerAttempts(db, { learnerId, limit: resultsShown }),
  ]);
  const nextSessions = trainings
    .flatMap((t) =>
      t.enrolments.flatMap((e): HomeSession[] =>
        e.startsAt && e.endsAt && !e.isPast && !e.sessionCancelled
          ? [
              {
                enrolmentId: e.id,
                trainingTitle: t.title,
                startsAt: e.startsAt,
                endsAt: e.endsAt,
                timezone: e.timezone,
                roomName: e.roomName,
                siteName: e.siteName,
                isWaitlisted: e.status === "waitlisted",
              },
            ]
          : [],
      ),
    )
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .slice(0, shown);
  const toContinue = trainings
    .flatMap((t): HomeModuleToContinue[] =>
      t.progress && !t.progress.isComplete && t.progress.nextModuleId
        ? [
            {
              trainingTitle: t.title,
              percent: t.progress.percent,
              href: `/apprendre/${t.progress.nextModuleId}`,
              hasStarted: t.lastActivityAt !== null,
            },
          ]
        : [],
    )
    .slice(0, shown);
  const results = attempts.map((a) => ({
    id: a.id,
    moduleTitle: a.moduleTitle,
    trainingTitle: a.trainingTitle,
    scorePercent: a.scorePercent,
    isRetained: a.isRetained,
    submittedAt: a.submittedAt,
    href: `/apprendre/${a.moduleId}/resultat`,
  }));
  return { nextSessions, toContinue, results };
}
