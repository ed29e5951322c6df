// biome-ignore-all lint/suspicious/noArrayIndexKey: content rendered once in stored order; items never move.
"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { submitQuizAction } from "@/app/apprendre/[moduleId]/actions";
import { initialFormState } from "@/lib/form-state";

type Props = {
  moduleId: string;
  clientKey: string;
  questions: { prompt: string; choices: string[] }[];
};

/**
 * The quiz as a plain form: one fieldset per question, radio choices. The form's id
 * (`clientKey`) makes a double submit count once; scoring happens on the server.
 */
export function QuizForm({ moduleId, clientKey, questions }: Props) {
  const t = useTranslations("player.quiz");
  const [state, action, pending] = useActionState(submitQuizAction, initialFormState);
  return (
    <form action={action} className="space-y-6">
      <input type="hidden" name="moduleId" value={moduleId} />
      <input type="hidden" name="clientKey" value={clientKey} />
      <input type="hidden" name="questionCount" value={questions.length} />
      {questions.map((q, i) => (
        <fieldset key={i} className="rounded-xl border border-slate-200 bg-white p-5">
          <legend className="px-1 text-lg font-semibold">
            {t("question", { n: i + 1, total: questions.length })} {q.prompt}
          </legend>
          <div className="mt-2 space-y-2">
            {q.choices.map((c, j) => (
              <label
                key={j}
                className="flex cursor-pointer items-center gap-3 rounded-lg px-2 py-1.5 hover:bg-slate-50"
              >
                <input type="radio" name={`q${i}`} value={j} className="h-5 w-5" />
                <span>{c}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      {state.message && !state.ok && (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-red-900">
          {state.message}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="rounded-lg bg-brand-700 px-5 py-3 text-lg font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
      >
        {pending ? t("sending") : t("submit")}
      </button>
    </form>
  );
}
