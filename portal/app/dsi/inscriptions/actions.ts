"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { appDeps } from "@/server/app-deps";
import { addLearnerToSession } from "@/server/planning/add-learner-to-session";
import { removeLearnerFromSession } from "@/server/planning/remove-learner-from-session";
import { type ActionContext, signedInAction } from "@/server/signed-in-action";

type LearnerChange = ActionContext & { sessionId: string; learnerId: string };

/**
 * IT adds or removes one learner of a session: `change` runs the use case and says what it did;
 * the mails it queued go at once and the session's page is drawn again.
 */
async function changeLearner(form: FormData, change: (input: LearnerChange) => Promise<string>) {
  const sessionId = String(form.get("sessionId") ?? "");
  const learnerId = String(form.get("learnerId") ?? "");
  const state = await signedInAction("it_admin", async (context) => {
    const message = await change({ ...context, sessionId, learnerId });
    appDeps.mailQueued();
    return message;
  });
  if (state.ok) revalidatePath(`/dsi/inscriptions/${sessionId}`);
  return state;
}

export async function addLearnerAction(_previous: FormState, form: FormData): Promise<FormState> {
  return changeLearner(form, async ({ db, ...input }) => {
    const result = await addLearnerToSession(db, input);
    return (await getTranslations("planning.enrolments"))(result.outcome, { name: result.learnerName });
  });
}

export async function removeLearnerAction(_previous: FormState, form: FormData): Promise<FormState> {
  return changeLearner(form, async ({ db, ...input }) => {
    const result = await removeLearnerFromSession(db, input);
    const t = await getTranslations("planning.enrolments");
    const removed = t("removed", { name: result.learnerName });
    return result.promoted ? `${removed} ${t("promotedNext", { name: result.promoted })}` : removed;
  });
}
