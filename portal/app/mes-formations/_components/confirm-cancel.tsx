"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/button";
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
      <Button look="danger" disabled={pending}>
        {pending ? t("pending") : t(isWaiting ? "confirmLeave" : "confirm")}
      </Button>
      <FormFeedback ok={false} message={state.message} />
    </form>
  );
}
