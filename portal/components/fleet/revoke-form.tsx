"use client";
import { useTranslations } from "next-intl";
import { useActionState, useId } from "react";
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
  const error = state.fieldErrors.reason;
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer rounded px-1 py-1 text-red-800 underline">{t("revoke")}</summary>
      <form action={submit} className="mt-2 space-y-2">
        <input type="hidden" name="kioskId" value={kioskId} />
        <label htmlFor={`${id}-reason`} className="block font-medium">
          {t("revokeReason", { label })}
        </label>
        <input
          id={`${id}-reason`}
          name="reason"
          required
          minLength={3}
          maxLength={500}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="block w-full rounded-lg border border-slate-400 px-2 py-2"
        />
        {error && (
          <p id={`${id}-error`} className="font-medium text-red-700">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={pending}
          className="rounded-lg bg-red-700 px-3 py-2 font-semibold text-white hover:bg-red-900 disabled:opacity-60"
        >
          {t("revokeConfirm", { label })}
        </button>
        <p aria-live="polite" className={state.ok ? "text-green-800" : "text-red-700"}>
          {state.message}
        </p>
      </form>
    </details>
  );
}
