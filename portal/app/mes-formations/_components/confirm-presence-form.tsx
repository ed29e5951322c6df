"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { type FormState, initialFormState } from "@/lib/form-state";
import { confirmPresenceAction } from "../presence-actions";

/** One button; the form's own id makes a double click one confirmation. */
export function ConfirmPresenceForm(props: { sessionId: string }) {
  const t = useTranslations("myTrainings.presence");
  const [key] = useState(() => crypto.randomUUID());
  const [state, action, pending] = useActionState<FormState, FormData>(
    confirmPresenceAction,
    initialFormState,
  );
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="sessionId" value={props.sessionId} />
      <input type="hidden" name="key" value={key} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
      >
        {t("confirm")}
      </button>
      {state.message && (
        <span role={state.ok ? "status" : "alert"} className={state.ok ? "text-green-800" : "text-red-700"}>
          {state.message}
        </span>
      )}
    </form>
  );
}
