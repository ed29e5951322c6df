"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { formAction } from "@/server/form-state";
import { completeModule } from "@/server/learning/complete-module";
import { submitQuiz } from "@/server/learning/submit-quiz";

export async function completeAction(_previous: FormState, form: FormData): Promise<FormState> {
  const moduleId = String(form.get("moduleId") ?? "");
  const state = await formAction(async () => {
    const user = await requireUser(findCurrentUser, "learner");
    await completeModule(await getDb(), { learnerId: user.id, moduleId, now: new Date() });
    return (await getTranslations("player"))("completed");
  });
  if (state.ok) revalidatePath(`/apprendre/${moduleId}`);
  return state;
}

/** Scores on the server, then shows the result page that explains the decision. */
export async function submitQuizAction(_previous: FormState, form: FormData): Promise<FormState> {
  const moduleId = String(form.get("moduleId") ?? "");
  const count = Number(form.get("questionCount") ?? "0");
  const answers = Array.from({ length: Number.isInteger(count) && count <= 500 ? count : 0 }, (_, i) => {
    const value = form.get(`q${i}`);
    return value === null || value === "" ? null : Number(value);
  });
  let done = false;
  const state = await formAction(async () => {
    const user = await requireUser(findCurrentUser, "learner");
    await submitQuiz(await getDb(), {
      learnerId: user.id,
      moduleId,
      answers,
      clientKey: form.get("clientKey"),
      now: new Date(),
    });
    done = true;
    return "";
  });
  if (done) redirect(`/apprendre/${moduleId}/resultat`);
  return state;
}
