import "server-only";
import { cache } from "react";
import { findCurrentUser } from "@/server/auth/current-user";
import { orNotFound, requirePageUser } from "@/server/auth/guards";
import { myCalendarUrl } from "@/server/calendar/my-calendar-link";
import { listMyCertification } from "@/server/certificates/list-my-certification";
import { getDb } from "@/server/db";
import { getContentOverview } from "@/server/scorm/get-content-overview";
import { findLearnersForSupport, getAttemptTimeline } from "./get-attempt-timeline";
import { getCancellation } from "./get-cancellation";
import { getModulePlayer } from "./get-module-player";
import { getModuleResults } from "./get-module-results";
import { getTrainingPage } from "./get-training-page";
import { listMyTrainings } from "./list-my-trainings";
import { searchCatalogue } from "./search-catalogue";

/**
 * Page loaders: who may see the page, then one use case. Not found and forbidden are the 404 page.
 * Those a page's title is drawn from are read once per request (React's `cache`): the page and
 * its `generateMetadata` share one answer.
 */
export async function loadCatalogue(params: Record<string, unknown>) {
  return searchCatalogue(await getDb(), { params, now: new Date() });
}

export const loadTrainingPage = cache(async (trainingId: string) => {
  const user = await findCurrentUser();
  const isLearner = user?.roles.includes("learner") ?? false;
  const page = await orNotFound(async () =>
    getTrainingPage(await getDb(), {
      trainingId,
      learnerId: isLearner ? user!.id : undefined,
      now: new Date(),
    }),
  );
  return { ...page, viewer: user ? (isLearner ? "learner" : "staff") : "visitor" } as const;
});

export async function loadMyTrainings() {
  const user = await requirePageUser("/mes-formations", "learner");
  const db = await getDb();
  const now = new Date();
  const trainings = await listMyTrainings(db, { learnerId: user.id, now });
  const enrolments = trainings.flatMap((t) =>
    t.enrolments.map((e) => ({ ...e, trainingId: t.trainingId, hasActivity: t.lastActivityAt !== null })),
  );
  const certification = await listMyCertification(db, { learnerId: user.id, enrolments, now });
  return { user, now, trainings, certification, calendarUrl: myCalendarUrl(user.id) };
}

export async function loadCancellation(enrolmentId: string) {
  const user = await requirePageUser(`/mes-formations/annulation/${enrolmentId}`, "learner");
  return orNotFound(async () =>
    getCancellation(await getDb(), { learnerId: user.id, enrolmentId, now: new Date() }),
  );
}

export const loadPlayer = cache(async (moduleId: string) => {
  const user = await requirePageUser(`/apprendre/${moduleId}`, "learner");
  return orNotFound(async () =>
    getModulePlayer(await getDb(), { learner: { id: user.id, name: user.name }, moduleId, now: new Date() }),
  );
});

export const loadResults = cache(async (moduleId: string) => {
  const user = await requirePageUser(`/apprendre/${moduleId}/resultat`, "learner");
  return orNotFound(async () =>
    getModuleResults(await getDb(), { learnerId: user.id, moduleId, now: new Date() }),
  );
});

export async function loadSupportSearch(query: unknown) {
  const actor = await requirePageUser("/dsi/suivi", "it_admin");
  const q = typeof query === "string" ? query : "";
  return { query: q, learners: await findLearnersForSupport(await getDb(), { actor, query: q }) };
}

export async function loadAttemptTimeline(learnerId: string) {
  const actor = await requirePageUser(`/dsi/suivi/${learnerId}`, "it_admin");
  return orNotFound(async () => getAttemptTimeline(await getDb(), { actor, learnerId }));
}

export async function loadContentOverview() {
  const actor = await requirePageUser("/dsi/contenus", "it_admin");
  return getContentOverview(await getDb(), { actor });
}
