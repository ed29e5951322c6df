"use client";
import { useTranslations } from "next-intl";
import { type FormEvent, useActionState } from "react";
import type { FormState } from "@/lib/form-state";
import { initialFormState } from "@/lib/form-state";
import { validateHalfDayAction } from "../sessions/[id]/actions";

/**
 * The trainer's validation of one half-day: one button, its outcome announced. Trainees with no
 * presence recorded (`unconfirmed`) will stand absent on the signed sheet: the trainer is told
 * who, and asked, before validating.
 */
export function ValidateForm(props: {
  sessionId: string;
  date: string;
  period: string;
  label: string;
  unconfirmed: string[];
}) {
  const t = useTranslations("trainer.validation");
  const [state, action, pending] = useActionState<FormState, FormData>(
    validateHalfDayAction,
    initialFormState,
  );
  const confirm = (event: FormEvent<HTMLFormElement>) => {
    if (props.unconfirmed.length === 0) return;
    const question = t("confirmUnconfirmed", {
      count: props.unconfirmed.length,
      names: props.unconfirmed.join(", "),
    });
    if (!window.confirm(question)) event.preventDefault();
  };
  return (
    <form action={action} onSubmit={confirm} className="mt-1">
      <input type="hidden" name="sessionId" value={props.sessionId} />
      <input type="hidden" name="date" value={props.date} />
      <input type="hidden" name="period" value={props.period} />
      <button
        type="submit"
        disabled={pending}
        className="rounded border border-brand-700 bg-white px-2 py-1 text-xs font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60"
      >
        {props.label}
      </button>
      {state.message && (
        <span
          role={state.ok ? "status" : "alert"}
          className={`block text-xs font-normal ${state.ok ? "text-green-800" : "text-red-700"}`}
        >
          {state.message}
        </span>
      )}
    </form>
  );
}
