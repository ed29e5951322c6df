"use server";
import { defaultTimeZone, localDate } from "@tremplin/domain/calendar";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { appDeps } from "@/server/app-deps";
import { cancelSession } from "@/server/planning/cancel-session";
import { createSession } from "@/server/planning/create-session";
import { updateSession } from "@/server/planning/update-session";
import { formFields, signedInAction } from "@/server/signed-in-action";

/**
 * Form state that gives back what was typed: React resets a form once its action has run, and a
 * select keeps only the value it was mounted with. `round` is new at each refusal: the form is
 * keyed on it, so it mounts again with what was chosen (training, room, trainer…).
 */
export type PlanningFormState = FormState & { values?: Record<string, string>; round?: string };

const refused = (state: FormState, fields: Record<string, string>): PlanningFormState => ({
  ...state,
  values: fields,
  round: crypto.randomUUID(),
});

const weekLink = (date: string) => `/dsi/planning?semaine=${encodeURIComponent(date)}`;

export async function createSessionAction(
  _previous: PlanningFormState,
  form: FormData,
): Promise<PlanningFormState> {
  const fields = formFields(form);
  const state = await signedInAction("it_admin", async ({ actor, db, now }) => {
    const created = await createSession(db, { actor, fields, now });
    return created.id;
  });
  if (!state.ok) return refused(state, fields);
  revalidatePath("/dsi/planning");
  redirect(`${weekLink(fields.startDate ?? localDate(new Date(), defaultTimeZone))}&cree=${state.message}`);
}

export async function updateSessionAction(
  _previous: PlanningFormState,
  form: FormData,
): Promise<PlanningFormState> {
  const fields = formFields(form);
  const state = await signedInAction("it_admin", async ({ actor, db, now }) => {
    await updateSession(db, { actor, sessionId: fields.sessionId, fields, now });
    return (await getTranslations("planning.form"))("saved");
  });
  if (!state.ok) return refused(state, fields);
  revalidatePath("/dsi/planning");
  redirect(`${weekLink(fields.startDate ?? "")}&modifiee=${fields.sessionId}`);
}

export async function cancelSessionAction(
  _previous: PlanningFormState,
  form: FormData,
): Promise<PlanningFormState> {
  const fields = formFields(form);
  const state = await signedInAction("it_admin", async ({ actor, db, now }) => {
    await cancelSession(db, { actor, sessionId: fields.sessionId, fields, now });
    appDeps.mailQueued();
    return "";
  });
  if (!state.ok) return { ...state, values: fields };
  revalidatePath("/dsi/planning");
  redirect(`${weekLink(fields.week ?? "")}&annulee=${fields.sessionId}`);
}
