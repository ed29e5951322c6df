"use client";
import { useActionState } from "react";
import type { FormState } from "@/lib/form-state";
import { initialFormState } from "@/lib/form-state";

/**
 * A one-button action on one half-day of the sheet (validate it, mark everyone present): asked
 * first when `question` is set, its outcome announced under it. Without `label`, only the
 * outcome of the last click stays (the action has nothing left to do).
 */
export function HalfDayForm(props: {
  action: (previous: FormState, form: FormData) => Promise<FormState>;
  sessionId: string;
  date: string;
  period: string;
  label: string | null;
  question: string | null;
  buttonClassName: string;
}) {
  const [state, action, pending] = useActionState<FormState, FormData>(props.action, initialFormState);
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (props.question && !window.confirm(props.question)) event.preventDefault();
      }}
      className="mt-1"
    >
      <input type="hidden" name="sessionId" value={props.sessionId} />
      <input type="hidden" name="date" value={props.date} />
      <input type="hidden" name="period" value={props.period} />
      {props.label && (
        <button
          type="submit"
          disabled={pending}
          className={`rounded border bg-white px-2 py-1 text-xs font-semibold disabled:opacity-60 ${props.buttonClassName}`}
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
