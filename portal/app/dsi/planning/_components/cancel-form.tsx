"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";
import { TextAreaField } from "@/components/form-field";
import { cancelSessionAction, type PlanningFormState } from "../actions";

const initial: PlanningFormState = { ok: false, message: "", fieldErrors: {} };

/** Cancels a session, with the reason the audit log keeps. Behind a disclosure: it is rare. */
export function CancelForm({
  sessionId,
  version,
  week,
}: {
  sessionId: string;
  version: string;
  week: string;
}) {
  const t = useTranslations("planning.cancel");
  const [state, action, pending] = useActionState(cancelSessionAction, initial);
  return (
    <details
      className="max-w-3xl rounded-xl border border-red-200 bg-white p-4"
      open={state.message ? true : undefined}
    >
      <summary className="cursor-pointer font-semibold text-red-800">{t("open")}</summary>
      <form action={action} className="mt-3 space-y-3">
        <input type="hidden" name="sessionId" value={sessionId} />
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="week" value={week} />
        {!state.ok && <FormFeedback ok={false} message={state.message} look="banner" />}
        <TextAreaField
          id="cancel-reason"
          name="reason"
          label={t("reason")}
          size="md"
          error={state.fieldErrors.reason}
          rows={2}
          maxLength={500}
          defaultValue={state.values?.reason ?? ""}
        />
        <Button look="danger" disabled={pending}>
          {t("submit")}
        </Button>
      </form>
    </details>
  );
}
