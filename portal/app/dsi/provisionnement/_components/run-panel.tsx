"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";
import { FormField, SelectField } from "@/components/form-field";
import type { RunFormState } from "@/server/provisioning/pages";
import { RunResult } from "./run-result";

type Props = {
  sessions: { id: string; text: string }[];
  action: (previous: RunFormState, form: FormData) => Promise<RunFormState>;
};

const initial: RunFormState = { ok: false, message: "", fieldErrors: {} };
const fieldset = "space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm";

/** The three ways to run, and the result of the last run, kept in this page's memory only. */
export function RunPanel({ sessions, action }: Props) {
  const t = useTranslations("provisioning");
  const [state, submit, pending] = useActionState(action, initial);
  const sweepBox = (id: string) => (
    <label htmlFor={id} className="flex items-start gap-2 text-sm">
      <input id={id} name="sweep" type="checkbox" defaultChecked className="mt-1" />
      <span>{t("sweepOption")}</span>
    </label>
  );
  return (
    <div className="space-y-6">
      <div className="grid gap-4 lg:grid-cols-3 print:hidden">
        <form action={submit} className={fieldset}>
          <fieldset className="space-y-3">
            <legend className="text-lg font-semibold">{t("session.legend")}</legend>
            <input type="hidden" name="mode" value="session" />
            {sessions.length === 0 ? (
              <p className="text-slate-700">{t("session.none")}</p>
            ) : (
              <>
                <SelectField
                  id="prov-session"
                  name="sessionId"
                  label={t("session.label")}
                  size="sm"
                  error={state.fieldErrors.sessionId}
                  required
                  className="text-sm"
                >
                  {sessions.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.text}
                    </option>
                  ))}
                </SelectField>
                {sweepBox("prov-session-sweep")}
                <Button disabled={pending}>{t("session.submit")}</Button>
              </>
            )}
          </fieldset>
        </form>

        <form action={submit} className={fieldset}>
          <fieldset className="space-y-3">
            <legend className="text-lg font-semibold">{t("upcoming.legend")}</legend>
            <input type="hidden" name="mode" value="upcoming" />
            <FormField
              id="prov-days"
              name="days"
              label={t("upcoming.days")}
              size="sm"
              hint={t("upcoming.daysHelp")}
              error={state.fieldErrors.days}
              type="number"
              min={0}
              max={60}
              defaultValue={7}
              required
              className="max-w-28"
            />
            {sweepBox("prov-days-sweep")}
            <Button disabled={pending}>{t("upcoming.submit")}</Button>
          </fieldset>
        </form>

        <form action={submit} className={fieldset}>
          <fieldset className="space-y-3">
            <legend className="text-lg font-semibold">{t("sweep.legend")}</legend>
            <input type="hidden" name="mode" value="sweep" />
            <p className="text-sm text-slate-700">{t("sweep.help")}</p>
            <Button disabled={pending}>{t("sweep.submit")}</Button>
          </fieldset>
        </form>
      </div>

      <div aria-live="polite">
        {pending && <p className="font-medium print:hidden">{t("pending")}</p>}
        {!pending && !state.ok && (
          <FormFeedback ok={false} message={state.message} look="banner" className="font-medium" />
        )}
      </div>
      {state.result && <RunResult result={state.result} />}
    </div>
  );
}
