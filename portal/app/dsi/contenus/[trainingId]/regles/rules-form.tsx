"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";
import { FormField, SelectField } from "@/components/form-field";
import { initialFormState } from "@/lib/form-state";
import { type RulesFormState, updateRulesAction } from "./actions";

/** IT's form for a training's completion rules, each field with its own error. */
export function RulesForm(props: {
  trainingId: string;
  values: Record<string, string>;
  natures: readonly string[];
}) {
  const t = useTranslations("rules");
  const [state, action, pending] = useActionState<RulesFormState, FormData>(
    updateRulesAction,
    initialFormState,
  );
  const values = state.values ?? props.values;
  const field = (name: string, extra: Record<string, unknown> = {}) => (
    <FormField
      key={`${name}-${values[name]}`}
      name={name}
      label={t(`field.${name}`)}
      defaultValue={values[name]}
      error={state.fieldErrors[name]}
      {...extra}
    />
  );
  return (
    <form action={action} className="max-w-2xl space-y-5 rounded-xl border border-slate-200 bg-white p-5">
      <input type="hidden" name="trainingId" value={props.trainingId} />
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">{t("completion")}</legend>
        {field("minAttendancePercent", { inputMode: "numeric", required: true })}
        {field("minAttendedHours", { inputMode: "decimal", placeholder: t("hoursPlaceholder") })}
        <p className="text-sm text-slate-700">{t("hoursHelp")}</p>
        {field("passingScorePercent", { inputMode: "numeric", required: true })}
        {field("maxAttempts", { inputMode: "numeric", placeholder: t("unlimited") })}
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">{t("certificate")}</legend>
        <SelectField
          key={values.actionNature}
          name="actionNature"
          label={t("field.actionNature")}
          defaultValue={values.actionNature}
        >
          {props.natures.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </SelectField>
        {field("funder")}
        {field("evidenceRetentionYears", { inputMode: "numeric", required: true })}
        <p className="text-sm text-slate-700">{t("retentionHelp")}</p>
      </fieldset>
      <Button disabled={pending}>{t("save")}</Button>
      <FormFeedback ok={state.ok} message={state.message} />
    </form>
  );
}
