"use client";
import { useTranslations } from "next-intl";
import { type FormEvent, useActionState } from "react";
import type { FormState } from "@/lib/form-state";
import { initialFormState } from "@/lib/form-state";
import { markAllPresentAction } from "../sessions/[id]/actions";

/**
 * "Tous présents" for one half-day: the trainees not yet present are named in one confirmation,
 * then each gets the same audited correction as a single one. The half-day is validated after.
 * With nobody left to mark, only the outcome of the last click remains.
 */
export function MarkAllForm(props: {
  sessionId: string;
  date: string;
  period: string;
  label: string;
  names: string[];
}) {
  const t = useTranslations("trainer.markAll");
  const [state, action, pending] = useActionState<FormState, FormData>(
    markAllPresentAction,
    initialFormState,
  );
  const confirm = (event: FormEvent<HTMLFormElement>) => {
    const question = t("confirm", { count: props.names.length, names: props.names.join(", ") });
    if (!window.confirm(question)) event.preventDefault();
  };
  return (
    <form action={action} onSubmit={confirm} className="mt-1">
      <input type="hidden" name="sessionId" value={props.sessionId} />
      <input type="hidden" name="date" value={props.date} />
      <input type="hidden" name="period" value={props.period} />
      {props.names.length > 0 && (
        <button
          type="submit"
          disabled={pending}
          className="rounded border border-slate-500 bg-white px-2 py-1 text-xs font-semibold text-slate-800 hover:bg-slate-100 disabled:opacity-60"
        >
          {props.label}
        </button>
      )}
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
