"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { appDeps } from "@/server/app-deps";
import { addLearnerToSession } from "@/server/planning/add-learner-to-session";
import { removeLearnerFromSession } from "@/server/planning/remove-learner-from-session";
import { signedInAction } from "@/server/signed-in-action";

export async function addLearnerAction(_previous: FormState, form: FormData): Promise<FormState> {
  const sessionId = String(form.get("sessionId") ?? "");
  const state = await signedInAction("it_admin", async ({ actor, db, now }) => {
    const result = await addLearnerToSession(db, {
      actor,
      sessionId,
      learnerId: String(form.get("learnerId") ?? ""),
      now,
    });
    appDeps.mailQueued();
    return (await getTranslations("planning.enrolments"))(result.outcome, { name: result.learnerName });
  });
  if (state.ok) revalidatePath(`/dsi/inscriptions/${sessionId}`);
  return state;
}

export async function removeLearnerAction(_previous: FormState, form: FormData): Promise<FormState> {
  const sessionId = String(form.get("sessionId") ?? "");
  const state = await signedInAction("it_admin", async ({ actor, db, now }) => {
    const result = await removeLearnerFromSession(db, {
      actor,
      sessionId,
      learnerId: String(form.get("learnerId") ?? ""),
      now,
    });
    appDeps.mailQueued();
    const t = await getTranslations("planning.enrolments");
    const removed = t("removed", { name: result.learnerName });
    return result.promoted ? `${removed} ${t("promotedNext", { name: result.promoted })}` : removed;
  });
  if (state.ok) revalidatePath(`/dsi/inscriptions/${sessionId}`);
  return state;
}
