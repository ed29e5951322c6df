"use client";
import { useActionState } from "react";
import { initialFormState } from "@/lib/form-state";
import { addLearnerAction, removeLearnerAction } from "../actions";

/** One button that adds or removes one learner; its outcome is announced beside it. */
export function EnrolmentButton(props: {
  kind: "add" | "remove";
  sessionId: string;
  learnerId: string;
  label: string;
}) {
  const [state, action, pending] = useActionState(
    props.kind === "add" ? addLearnerAction : removeLearnerAction,
    initialFormState,
  );
  const style =
    props.kind === "add"
      ? "bg-brand-700 text-white hover:bg-brand-900"
      : "border border-red-700 bg-white text-red-800 hover:bg-red-50";
  return (
    <form action={action} className="inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="sessionId" value={props.sessionId} />
      <input type="hidden" name="learnerId" value={props.learnerId} />
      <button
        type="submit"
        disabled={pending}
        className={`rounded px-3 py-1 text-sm font-semibold disabled:opacity-60 ${style}`}
      >
        {props.label}
      </button>
      {state.message && (
        <span
          role={state.ok ? "status" : "alert"}
          className={`text-sm ${state.ok ? "text-green-800" : "text-red-700"}`}
        >
          {state.message}
        </span>
      )}
    </form>
  );
}
