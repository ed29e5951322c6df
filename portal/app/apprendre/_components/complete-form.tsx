"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { completeAction } from "@/app/apprendre/[moduleId]/actions";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";
import { initialFormState } from "@/lib/form-state";

/** "I have finished this module", for pages, links and files; shows the done state after. */
export function CompleteForm({ moduleId, isDone }: { moduleId: string; isDone: boolean }) {
  const t = useTranslations("player");
  const [state, action, pending] = useActionState(completeAction, initialFormState);
  if (isDone || state.ok) {
    return (
      <p
        role="status"
        className="rounded-lg border border-green-300 bg-green-50 p-3 font-medium text-green-900"
      >
        {t("completed")}
      </p>
    );
  }
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="moduleId" value={moduleId} />
      <Button disabled={pending}>{t("markDone")}</Button>
      {!state.ok && <FormFeedback ok={false} message={state.message} className="text-sm" />}
    </form>
  );
}
