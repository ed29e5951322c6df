import "server-only";
import { orNotFound, requirePageUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { pagePeriod } from "@/server/exports/page-period";
import { getLearnerSurvey, listLearnerOpenSurveys } from "./learner-survey";
import { getSatisfactionOverview, getTrainingSatisfaction } from "./satisfaction-results";

/** Page loaders: who may see the page, then one use case; not found and forbidden are the 404 page. */
export async function loadSurvey(enrolmentId: string) {
  const user = await requirePageUser(`/mes-formations/satisfaction/${enrolmentId}`, "learner");
  return orNotFound(async () =>
    getLearnerSurvey(await getDb(), { actor: user, enrolmentId, now: new Date() }),
  );
}

export async function loadSurveyPrompts() {
  const user = await requirePageUser("/mes-formations", "learner");
  return listLearnerOpenSurveys(await getDb(), { actor: user, now: new Date() });
}

export async function loadSatisfactionOverview(search: { from?: unknown; to?: unknown }) {
  const actor = await requirePageUser("/dsi/satisfaction", "it_admin");
  const { period, error } = pagePeriod(search);
  return { period, error, trainings: await getSatisfactionOverview(await getDb(), { actor, period }) };
}

export async function loadTrainingSatisfaction(trainingId: string, search: { from?: unknown; to?: unknown }) {
  const actor = await requirePageUser(`/dsi/satisfaction/${trainingId}`, "it_admin");
  const { period, error } = pagePeriod(search);
  const result = await orNotFound(async () =>
    getTrainingSatisfaction(await getDb(), { actor, trainingId, period }),
  );
  return { period, error, ...result };
}
