"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { appDeps } from "@/server/app-deps";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { formAction } from "@/server/form-state";
import { addLearnerToSession } from "@/server/planning/add-learner-to-session";
import { removeLearnerFromSession } from "@/server/planning/remove-learner-from-session";

export async function addLearnerAction(_previous: FormState, form: FormData): Promise<FormState> {
  const sessionId = String(form.get("sessionId") ?? "");
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "it_admin");
    const result = await addLearnerToSession(await getDb(), {
      actor,
      sessionId,
      learnerId: String(form.get("learnerId") ?? ""),
      now: new Date(),
    });
    appDeps.mailQueued();
    return (await getTranslations("planning.enrolments"))(result.outcome, { name: result.learnerName });
  });
  if (state.ok) revalidatePath(`/dsi/inscriptions/${sessionId}`);
  return state;
}

export async function removeLearnerAction(_previous: FormState, form: FormData): Promise<FormState> {
  const sessionId = String(form.get("sessionId") ?? "");
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "it_admin");
    const result = await removeLearnerFromSession(await getDb(), {
      actor,
      sessionId,
      learnerId: String(form.get("learnerId") ?? ""),
      now: new Date(),
    });
    appDeps.mailQueued();
    const t = await getTranslations("planning.enrolments");
    const removed = t("removed", { name: result.learnerName });
    return result.promoted ? `${removed} ${t("promotedNext", { name: result.promoted })}` : removed;
  });
  if (state.ok) revalidatePath(`/dsi/inscriptions/${sessionId}`);
  return state;
}
