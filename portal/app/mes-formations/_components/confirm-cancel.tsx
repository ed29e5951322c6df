"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormFeedback } from "@/components/form-feedback";
import { initialFormState } from "@/lib/form-state";
import { cancelEnrolmentAction } from "../actions";

/** The one button that cancels; a refusal (the session started meanwhile…) is shown under it. */
export function ConfirmCancel({ enrolmentId, isWaiting }: { enrolmentId: string; isWaiting: boolean }) {
  const t = useTranslations("myTrainings.cancelPage");
  const [state, action, pending] = useActionState(cancelEnrolmentAction, initialFormState);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="enrolmentId" value={enrolmentId} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-lg bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:opacity-60"
      >
        {pending ? t("pending") : t(isWaiting ? "confirmLeave" : "confirm")}
      </button>
      <FormFeedback ok={false} message={state.message} />
    </form>
  );
}
