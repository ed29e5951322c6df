"use server";
import { revalidatePath } from "next/cache";
import type { FormState } from "@/lib/form-state";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { updateCompletionRules } from "@/server/certificates/update-completion-rules";
import { getDb } from "@/server/db";
import { formAction } from "@/server/form-state";

export type RulesFormState = FormState & { values?: Record<string, string> };

export async function updateRulesAction(_previous: RulesFormState, form: FormData): Promise<RulesFormState> {
  const fields = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "it_admin");
    const { title } = await updateCompletionRules(await getDb(), {
      actor,
      trainingId: fields.trainingId,
      fields,
      now: new Date(),
    });
    return `Règles de « ${title} » enregistrées. Les certificats déjà délivrés restent valables.`;
  });
  if (state.ok) revalidatePath(`/dsi/contenus/${fields.trainingId}/regles`);
  // React resets a form after its action: the values typed come back with the errors.
  return state.ok ? state : { ...state, values: fields };
}
