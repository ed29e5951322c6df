"use client";
import { useTranslations } from "next-intl";
import { useActionState, useId } from "react";
import { Button } from "@/components/button";
import { FormField } from "@/components/form-field";
import { type FormState, initialFormState } from "@/lib/form-state";

type Props = {
  kioskId: string;
  label: string;
  action: (previous: FormState, form: FormData) => Promise<FormState>;
};

/** Revocation asks for a reason (kept in the audit log), behind a disclosure: no one-click accident. */
export function RevokeForm({ kioskId, label, action }: Props) {
  const t = useTranslations("fleet.rooms");
  const [state, submit, pending] = useActionState(action, initialFormState);
  const id = useId();
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer rounded px-1 py-1 text-red-800 underline">{t("revoke")}</summary>
      <form action={submit} className="mt-2 space-y-2">
        <input type="hidden" name="kioskId" value={kioskId} />
        <FormField
          id={`${id}-reason`}
          name="reason"
          label={t("revokeReason", { label })}
          size="sm"
          error={state.fieldErrors.reason}
          required
          minLength={3}
          maxLength={500}
        />
        <Button look="danger" size="sm" disabled={pending}>
          {t("revokeConfirm", { label })}
        </Button>
        <p aria-live="polite" className={state.ok ? "text-green-800" : "text-red-700"}>
          {state.message}
        </p>
      </form>
    </details>
  );
}
