"use client";
import { useFormatter, useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";
import { type CodeState, initialCodeState } from "./code-state";
import { ShownCode } from "./shown-code";

type Props = {
  kioskId: string;
  label: string;
  action: (previous: CodeState, form: FormData) => Promise<CodeState>;
};

/**
 * IT's way to put a spare NUC in place of a dead post: a one-time code for that same post,
 * behind a disclosure that says what will happen before anyone asks for it.
 */
export function ReplaceForm({ kioskId, label, action }: Props) {
  const t = useTranslations("fleet.replace");
  const format = useFormatter();
  const [state, submit, pending] = useActionState(action, initialCodeState);
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer rounded px-1 py-1 underline">{t("open")}</summary>
      <div className="mt-2 w-72 space-y-2">
        <p>{t("explain")}</p>
        <form action={submit}>
          <input type="hidden" name="kioskId" value={kioskId} />
          <Button size="sm" disabled={pending} aria-label={t("submitFor", { label })}>
            {pending ? t("issuing") : t("submit")}
          </Button>
        </form>
        <div aria-live="polite">
          {state.code && state.expiresAt && (
            <ShownCode intro={t("codeFor", { label })} code={state.code}>
              <p className="mt-1">{t("onSpare")}</p>
              <p className="mt-1">
                {t("codeExpires", {
                  at: format.dateTime(new Date(state.expiresAt), { dateStyle: "short", timeStyle: "short" }),
                })}
              </p>
            </ShownCode>
          )}
          {!state.ok && <FormFeedback ok={false} message={state.message} className="mt-2" />}
        </div>
      </div>
    </details>
  );
}
