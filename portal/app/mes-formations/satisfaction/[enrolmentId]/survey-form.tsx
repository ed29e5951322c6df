"use client";
import { useActionState } from "react";
import { FormFeedback } from "@/components/form-feedback";
import { initialFormState } from "@/lib/form-state";
import { answerSurveyAction } from "./actions";

type Question = { name: string; label: string; value: number | null };

/**
 * Five questions rated 1 to 5 as radio buttons (one tab stop each, arrows to choose), and a
 * comment. Labels come translated from the page; a refused field says why beside it.
 */
export function SurveyForm(props: {
  enrolmentId: string;
  questions: Question[];
  comment: string;
  labels: { scale: string[]; comment: string; commentHint: string; submit: string; pending: string };
  isOpen: boolean;
}) {
  const [state, action, pending] = useActionState(answerSurveyAction, initialFormState);
  return (
    <form action={action} className="space-y-6">
      <input type="hidden" name="enrolmentId" value={props.enrolmentId} />
      {props.questions.map((q) => (
        <fieldset key={q.name} className="space-y-2 rounded-xl border border-slate-200 bg-white p-4">
          <legend className="px-1 font-semibold">{q.label}</legend>
          <div className="flex flex-wrap gap-2">
            {props.labels.scale.map((text, i) => (
              <label
                key={text}
                className="flex min-w-28 cursor-pointer items-center gap-2 rounded-lg border border-slate-300 px-3 py-2 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
              >
                <input
                  type="radio"
                  name={q.name}
                  value={i + 1}
                  defaultChecked={q.value === i + 1}
                  disabled={!props.isOpen}
                  required
                />
                <span>{text}</span>
              </label>
            ))}
          </div>
          {state.fieldErrors[q.name] && (
            <p className="text-sm font-medium text-red-700">{state.fieldErrors[q.name]}</p>
          )}
        </fieldset>
      ))}
      <div className="space-y-1">
        <label htmlFor="comment" className="font-semibold">
          {props.labels.comment}
        </label>
        <p id="comment-hint" className="text-sm text-slate-600">
          {props.labels.commentHint}
        </p>
        <textarea
          id="comment"
          name="comment"
          aria-describedby="comment-hint"
          rows={4}
          maxLength={2000}
          defaultValue={props.comment}
          disabled={!props.isOpen}
          className="w-full rounded-lg border border-slate-300 p-2"
        />
      </div>
      <FormFeedback ok={state.ok} message={state.message} look="banner" />
      {props.isOpen && (
        <button
          type="submit"
          disabled={pending}
          className="rounded-lg bg-brand-700 px-5 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
        >
          {pending ? props.labels.pending : props.labels.submit}
        </button>
      )}
    </form>
  );
}
