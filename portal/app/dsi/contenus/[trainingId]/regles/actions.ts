"use server";
import { revalidatePath } from "next/cache";
import type { FormState } from "@/lib/form-state";
import { updateCompletionRules } from "@/server/certificates/update-completion-rules";
import { formFields, signedInAction } from "@/server/signed-in-action";

export type RulesFormState = FormState & { values?: Record<string, string> };

export async function updateRulesAction(_previous: RulesFormState, form: FormData): Promise<RulesFormState> {
  const fields = formFields(form);
  const state = await signedInAction("it_admin", async ({ actor, db, now }) => {
    const { title } = await updateCompletionRules(db, {
      actor,
      trainingId: fields.trainingId,
      fields,
      now,
    });
    return `Règles de « ${title} » enregistrées. Les certificats déjà délivrés restent valables.`;
  });
  if (state.ok) revalidatePath(`/dsi/contenus/${fields.trainingId}/regles`);
  // React resets a form after its action: the values typed come back with the errors.
  return state.ok ? state : { ...state, values: fields };
}
