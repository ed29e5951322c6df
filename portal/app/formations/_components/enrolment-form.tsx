"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { initialFormState } from "@/lib/form-state";
import { cancelAction, enrolAction } from "../actions";

type Props =
  | { kind: "enrol"; sessionId: string; trainingId: string; when: string; isFull: boolean }
  | { kind: "cancel"; enrolmentId: string; trainingId: string; when: string };

/** One button per form; the outcome is announced next to it (role=status or alert). */
export function EnrolmentForm(props: Props) {
  const t = useTranslations("training.enrol");
  const [state, action, pending] = useActionState(
    props.kind === "enrol" ? enrolAction : cancelAction,
    initialFormState,
  );
  const visible = props.kind === "enrol" ? (props.isFull ? t("joinWaitingList") : t("enrol")) : t("cancel");
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="trainingId" value={props.trainingId} />
      {props.kind === "enrol" ? (
        <input type="hidden" name="sessionId" value={props.sessionId} />
      ) : (
        <input type="hidden" name="enrolmentId" value={props.enrolmentId} />
      )}
      <button
        type="submit"
        disabled={pending || state.ok}
        // WCAG 2.5.3: the accessible name starts with the visible text.
        aria-label={`${visible} — ${props.when}`}
        className={
          props.kind === "enrol"
            ? "rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
            : "rounded-lg border border-slate-400 bg-white px-4 py-2 font-semibold text-slate-800 hover:bg-slate-100 disabled:opacity-60"
        }
      >
        {pending ? t("pending") : visible}
      </button>
      {state.message && (
        <p
          role={state.ok ? "status" : "alert"}
          className={`max-w-xs text-sm font-medium ${state.ok ? "text-green-800" : "text-red-700"}`}
        >
          {state.message}
        </p>
      )}
    </form>
  );
}
