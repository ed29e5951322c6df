"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { formAction } from "@/server/form-state";
import { answerSurvey } from "@/server/satisfaction/learner-survey";

export async function answerSurveyAction(_previous: FormState, form: FormData): Promise<FormState> {
  const enrolmentId = String(form.get("enrolmentId") ?? "");
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "learner");
    const answer = Object.fromEntries(
      ["objectives", "content", "trainer", "organisation", "equipment", "comment"].map((k) => [
        k,
        form.get(k) ?? undefined,
      ]),
    );
    const { isUpdate } = await answerSurvey(await getDb(), { actor, enrolmentId, answer, now: new Date() });
    return (await getTranslations("satisfaction"))(isUpdate ? "updated" : "saved");
  });
  if (state.ok) revalidatePath("/mes-formations");
  return state;
}
