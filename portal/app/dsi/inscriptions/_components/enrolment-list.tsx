"use client";
import { useActionState } from "react";
import { FormFeedback } from "@/components/form-feedback";
import { initialFormState } from "@/lib/form-state";
import { addLearnerAction, removeLearnerAction } from "../actions";

export type EnrolmentRow = {
  learnerId: string;
  name: string;
  detail: string;
  /** Button labels, already translated; absent when that action is not offered. */
  addLabel?: string | undefined;
  removeLabel?: string | undefined;
};

/**
 * A list of learners with add / remove buttons. The outcome is announced at the top of the
 * list, which stays on the page when the row it concerns moves to another list.
 */
export function EnrolmentList(props: {
  label: string;
  sessionId: string;
  rows: EnrolmentRow[];
  emptyText: string;
  ordered?: boolean;
}) {
  const [added, add, adding] = useActionState(addLearnerAction, initialFormState);
  const [removed, remove, removing] = useActionState(removeLearnerAction, initialFormState);
  const messages = [added, removed].filter((s) => s.message);
  const List = props.ordered ? "ol" : "ul";
  const button = (label: string, action: typeof add, style: string) => (
    <button
      type="submit"
      formAction={action}
      disabled={adding || removing}
      className={`rounded px-3 py-1 text-sm font-semibold disabled:opacity-60 ${style}`}
    >
      {label}
    </button>
  );
  return (
    <div className="space-y-2">
      {messages.map((s) => (
        <FormFeedback key={s.message} ok={s.ok} message={s.message} look="banner" />
      ))}
      {props.rows.length === 0 ? (
        <p>{props.emptyText}</p>
      ) : (
        <List
          aria-label={props.label}
          className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white"
        >
          {props.rows.map((row, i) => (
            <li key={row.learnerId} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
              <span>
                {props.ordered && `${i + 1}. `}
                <span className="font-medium">{row.name}</span>{" "}
                <span className="text-sm text-slate-600">{row.detail}</span>
              </span>
              <form className="flex gap-2">
                <input type="hidden" name="sessionId" value={props.sessionId} />
                <input type="hidden" name="learnerId" value={row.learnerId} />
                {row.addLabel && button(row.addLabel, add, "bg-brand-700 text-white hover:bg-brand-900")}
                {row.removeLabel &&
                  button(
                    row.removeLabel,
                    remove,
                    "border border-red-700 bg-white text-red-800 hover:bg-red-50",
                  )}
              </form>
            </li>
          ))}
        </List>
      )}
    </div>
  );
}
