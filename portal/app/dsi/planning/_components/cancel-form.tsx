"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";
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
        <label htmlFor="cancel-reason" className="block font-medium">
          {t("reason")}
        </label>
        <textarea
          id="cancel-reason"
          name="reason"
          rows={2}
          maxLength={500}
          defaultValue={state.values?.reason ?? ""}
          aria-invalid={state.fieldErrors.reason ? true : undefined}
          aria-describedby={state.fieldErrors.reason ? "cancel-reason-error" : undefined}
          className="block w-full rounded-lg border border-slate-400 px-3 py-2"
        />
        {state.fieldErrors.reason && (
          <p id="cancel-reason-error" className="text-sm text-red-700">
            {state.fieldErrors.reason}
          </p>
        )}
        <Button look="danger" disabled={pending}>
          {t("submit")}
        </Button>
      </form>
    </details>
  );
}
