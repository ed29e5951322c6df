"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { confirmMyPresence } from "@/server/attendance/confirm-my-presence";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { formAction } from "@/server/form-state";

/** "Je confirme ma présence": the learner's own émargement for the half-day running now. */
export async function confirmPresenceAction(_previous: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "learner");
    const fields = { sessionId: form.get("sessionId"), key: form.get("key") };
    const result = await confirmMyPresence(await getDb(), { actor, fields, now: new Date() });
    const t = await getTranslations("myTrainings.presence");
    return t(result.isNew ? "done" : "already");
  });
  if (state.ok) revalidatePath("/mes-formations");
  return state;
}
