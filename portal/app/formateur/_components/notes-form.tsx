"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { saveNotesAction, type TrainerFormState } from "../sessions/[id]/actions";

const initial: TrainerFormState = { ok: false, message: "", fieldErrors: {} };

/**
 * The session's notes. The text the trainer started from goes along, so a save over someone
 * else's newer notes is refused instead of erasing them; what was typed stays in the box.
 */
export function NotesForm({
  sessionId,
  notes,
  canEdit,
}: {
  sessionId: string;
  notes: string;
  canEdit: boolean;
}) {
  const t = useTranslations("trainer.notes");
  const [state, action, pending] = useActionState(saveNotesAction, initial);
  // After a save the server's notes are the new base; after a refusal keep the old base.
  const base = state.ok ? notes : (state.values?.previousNotes ?? notes);
  return (
    <section aria-labelledby="notes-title" className="space-y-3">
      <h2 id="notes-title" className="text-2xl font-semibold">
        {t("title")}
      </h2>
      {!canEdit ? (
        <p className="whitespace-pre-wrap rounded-xl border border-slate-200 bg-white p-4">
          {notes || t("empty")}
        </p>
      ) : (
        <form action={action} className="space-y-3">
          <input type="hidden" name="sessionId" value={sessionId} />
          <input type="hidden" name="previousNotes" value={base} />
          <label htmlFor="notes" className="block font-medium">
            {t("label")}
          </label>
          <textarea
            id="notes"
            name="notes"
            rows={6}
            maxLength={5000}
            defaultValue={state.values?.notes ?? notes}
            key={state.ok ? notes : "draft"}
            aria-invalid={state.fieldErrors.notes ? true : undefined}
            aria-describedby={state.fieldErrors.notes ? "notes-error" : undefined}
            className="block w-full max-w-3xl rounded-lg border border-slate-400 px-3 py-2"
          />
          {state.fieldErrors.notes && (
            <p id="notes-error" className="text-sm text-red-700">
              {state.fieldErrors.notes}
            </p>
          )}
          {state.message && (
            <p
              role={state.ok ? "status" : "alert"}
              className={state.ok ? "text-green-800" : "max-w-3xl rounded bg-red-50 p-2 text-red-900"}
            >
              {state.message}
            </p>
          )}
          <button
            type="submit"
            disabled={pending}
            className="rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
          >
            {pending ? t("saving") : t("save")}
          </button>
        </form>
      )}
    </section>
  );
}
