// biome-ignore-all lint/suspicious/noArrayIndexKey: content rendered once in stored order; items never move.
"use client";
import { useFormatter, useTranslations } from "next-intl";
import { type FormEvent, useActionState, useState } from "react";
import { submitQuizAction } from "@/app/apprendre/[moduleId]/actions";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";
import { initialFormState } from "@/lib/form-state";

type Props = {
  moduleId: string;
  clientKey: string;
  questions: { prompt: string; choices: string[] }[];
};

/**
 * The quiz as a plain form: one fieldset per question, radio choices. The form's id
 * (`clientKey`) makes a double submit count once; scoring happens on the server. A form with no
 * answer is not sent (the server refuses it too); one with blanks is sent only once the learner
 * confirms, told which questions are blank: each send may use an attempt.
 */
export function QuizForm({ moduleId, clientKey, questions }: Props) {
  const t = useTranslations("player.quiz");
  const format = useFormatter();
  const [state, action, pending] = useActionState(submitQuizAction, initialFormState);
  const [blankError, setBlankError] = useState<string | undefined>();
  const checkBlanks = (event: FormEvent<HTMLFormElement>) => {
    const form = new FormData(event.currentTarget);
    const blank = questions.flatMap((_, i) => (form.get(`q${i}`) === null ? [String(i + 1)] : []));
    setBlankError(undefined);
    if (blank.length === 0) return;
    const list = format.list(blank, { type: "conjunction" });
    if (blank.length === questions.length) {
      event.preventDefault();
      setBlankError(t("allBlank", { count: blank.length, list }));
    } else if (!window.confirm(t("confirmBlanks", { count: blank.length, list }))) {
      event.preventDefault();
    }
  };
  const message = blankError ?? (state.message && !state.ok ? state.message : undefined);
  return (
    <form action={action} onSubmit={checkBlanks} className="space-y-6">
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
      <FormFeedback ok={false} message={message} look="banner" />
      <Button size="lg" className="text-lg" disabled={pending}>
        {pending ? t("sending") : t("submit")}
      </Button>
    </form>
  );
}
