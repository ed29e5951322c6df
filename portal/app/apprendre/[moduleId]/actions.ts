"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { completeModule } from "@/server/learning/complete-module";
import { submitQuiz } from "@/server/learning/submit-quiz";
import { signedInAction } from "@/server/signed-in-action";

export async function completeAction(_previous: FormState, form: FormData): Promise<FormState> {
  const moduleId = String(form.get("moduleId") ?? "");
  const state = await signedInAction("learner", async ({ actor: user, db, now }) => {
    await completeModule(db, { learnerId: user.id, moduleId, now });
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
  const state = await signedInAction("learner", async ({ actor: user, db, now }) => {
    await submitQuiz(db, {
      learnerId: user.id,
      moduleId,
      answers,
      clientKey: form.get("clientKey"),
      now,
    });
    done = true;
    return "";
  });
  if (done) redirect(`/apprendre/${moduleId}/resultat`);
  return state;
}
