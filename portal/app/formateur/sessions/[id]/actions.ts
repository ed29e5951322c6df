"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { correctPresence } from "@/server/attendance/correct-presence";
import { markAllPresent } from "@/server/attendance/mark-all-present";
import { saveSessionNotes } from "@/server/attendance/save-session-notes";
import { validateHalfDay } from "@/server/attendance/validate-half-day";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { formAction } from "@/server/form-state";

const fieldsOf = (form: FormData) => Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));

/** Form state that also gives back what was typed: React resets a form after its action runs. */
export type TrainerFormState = FormState & { values?: Record<string, string> };

export async function correctPresenceAction(
  _previous: TrainerFormState,
  form: FormData,
): Promise<TrainerFormState> {
  const fields = fieldsOf(form);
  // The form offers one list of half-days, `2026-11-23:am`; the use case takes date and period.
  const [date = "", period = ""] = (fields.halfDay ?? "").split(":");
  Object.assign(fields, { date, period });
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "trainer");
    const result = await correctPresence(await getDb(), {
      actor,
      sessionId: fields.sessionId,
      fields,
      now: new Date(),
    });
    const t = await getTranslations("trainer.correction");
    return t(result.status === "present" ? "donePresent" : "doneAbsent", { name: result.learnerName });
  });
  if (state.ok) revalidatePath(`/formateur/sessions/${fields.sessionId}`);
  return state.ok ? state : { ...state, values: fields };
}

export async function validateHalfDayAction(_previous: FormState, form: FormData): Promise<FormState> {
  const fields = fieldsOf(form);
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "trainer");
    const result = await validateHalfDay(await getDb(), {
      actor,
      sessionId: fields.sessionId,
      fields,
      now: new Date(),
    });
    const t = await getTranslations("trainer.validation");
    return t(result.wasAlreadyValidated ? "already" : "done");
  });
  if (state.ok) revalidatePath(`/formateur/sessions/${fields.sessionId}`);
  return state;
}

export async function markAllPresentAction(_previous: FormState, form: FormData): Promise<FormState> {
  const fields = fieldsOf(form);
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "trainer");
    const { marked } = await markAllPresent(await getDb(), {
      actor,
      sessionId: fields.sessionId,
      fields,
      now: new Date(),
    });
    const t = await getTranslations("trainer.markAll");
    return t("done", { count: marked.length });
  });
  if (state.ok) revalidatePath(`/formateur/sessions/${fields.sessionId}`);
  return state;
}

export async function saveNotesAction(
  _previous: TrainerFormState,
  form: FormData,
): Promise<TrainerFormState> {
  const fields = fieldsOf(form);
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "trainer");
    const result = await saveSessionNotes(await getDb(), {
      actor,
      sessionId: fields.sessionId,
      fields,
      now: new Date(),
    });
    const t = await getTranslations("trainer.notes");
    return t(result.isUnchanged ? "unchanged" : "saved");
  });
  if (state.ok) revalidatePath(`/formateur/sessions/${fields.sessionId}`);
  return { ...state, values: fields };
}
