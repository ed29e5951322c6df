"use client";
import { deName } from "@tremplin/domain/french";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { correctPresenceAction, type TrainerFormState } from "../sessions/[id]/actions";

type Props = {
  sessionId: string;
  learnerId: string;
  learnerName: string;
  halfDays: { value: string; label: string }[];
  defaultHalfDay: string;
};

const initial: TrainerFormState = { ok: false, message: "", fieldErrors: {} };

/** Marks a learner present or absent for a half-day; the reason is required and kept. */
export function CorrectionForm({ sessionId, learnerId, learnerName, halfDays, defaultHalfDay }: Props) {
  const t = useTranslations("trainer.correction");
  const [state, action, pending] = useActionState(correctPresenceAction, initial);
  const id = (name: string) => `${name}-${learnerId}`;
  const err = state.fieldErrors;
  const values = state.values ?? {};
  return (
    <details className="group" open={!state.ok && state.message !== "" ? true : undefined}>
      <summary className="cursor-pointer rounded px-2 py-1 text-brand-700 underline">
        {t("open", { name: learnerName })}
      </summary>
      <form
        action={action}
        className="mt-2 w-72 space-y-3"
        aria-label={t("formLabel", { name: learnerName, ofName: deName(learnerName) })}
      >
        <input type="hidden" name="sessionId" value={sessionId} />
        <input type="hidden" name="learnerId" value={learnerId} />
        {state.message && (
          <p
            role={state.ok ? "status" : "alert"}
            className={`rounded p-2 text-sm ${state.ok ? "bg-green-50 text-green-900" : "bg-red-50 text-red-900"}`}
          >
            {state.message}
          </p>
        )}
        <div>
          <label htmlFor={id("halfDay")} className="block text-sm font-medium">
            {t("halfDay")}
          </label>
          <select
            id={id("halfDay")}
            name="halfDay"
            defaultValue={values.halfDay ?? defaultHalfDay}
            className="mt-1 w-full rounded border border-slate-400 px-2 py-2"
          >
            {halfDays.map((h) => (
              <option key={h.value} value={h.value}>
                {h.label}
              </option>
            ))}
          </select>
          {(err.period || err.date) && <p className="mt-1 text-sm text-red-700">{err.period ?? err.date}</p>}
        </div>
        <fieldset aria-describedby={err.status ? id("status-error") : undefined}>
          <legend className="text-sm font-medium">{t("status")}</legend>
          <div className="mt-1 flex gap-4">
            {(["present", "absent"] as const).map((s) => (
              <label key={s} className="flex items-center gap-1">
                <input
                  type="radio"
                  name="status"
                  value={s}
                  defaultChecked={(values.status ?? "present") === s}
                  required
                />
                {t(s)}
              </label>
            ))}
          </div>
          {err.status && (
            <p id={id("status-error")} className="mt-1 text-sm text-red-700">
              {err.status}
            </p>
          )}
        </fieldset>
        <div>
          <label htmlFor={id("reason")} className="block text-sm font-medium">
            {t("reason")}
          </label>
          <textarea
            id={id("reason")}
            name="reason"
            required
            minLength={5}
            maxLength={500}
            rows={3}
            defaultValue={values.reason ?? ""}
            aria-invalid={err.reason ? true : undefined}
            aria-describedby={err.reason ? id("reason-error") : id("reason-hint")}
            className={`mt-1 w-full rounded border px-2 py-2 ${err.reason ? "border-red-600" : "border-slate-400"}`}
          />
          <p id={id("reason-hint")} className="text-xs text-slate-600">
            {t("reasonHint")}
          </p>
          {err.reason && (
            <p id={id("reason-error")} className="mt-1 text-sm text-red-700">
              {err.reason}
            </p>
          )}
        </div>
        <button
          type="submit"
          disabled={pending}
          className="rounded-lg bg-brand-700 px-3 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
        >
          {pending ? t("saving") : t("submit")}
        </button>
      </form>
    </details>
  );
}
