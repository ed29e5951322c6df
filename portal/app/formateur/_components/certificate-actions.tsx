"use client";
import { useTranslations } from "next-intl";
import { type FormEvent, useActionState } from "react";
import { type FormState, initialFormState } from "@/lib/form-state";
import { manageCertificateAction } from "../sessions/[id]/certificate-actions";

/**
 * Revoke or reissue one certificate, with the reason the vault and the audit log keep. Both
 * ask first: neither can be undone (a revoked certificate stays revoked; a reissue is a new one).
 */
export function CertificateActions(props: { sessionId: string; code: string; learnerName: string }) {
  const t = useTranslations("trainer.certificates");
  const [state, action, pending] = useActionState<FormState, FormData>(
    manageCertificateAction,
    initialFormState,
  );
  const confirm = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const intent = submitter?.value === "reissue" ? "confirmReissue" : "confirmRevoke";
    if (!window.confirm(t(intent, { code: props.code, name: props.learnerName }))) event.preventDefault();
  };
  return (
    <form action={action} onSubmit={confirm} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="sessionId" value={props.sessionId} />
      <input type="hidden" name="code" value={props.code} />
      <label className="flex flex-col text-sm">
        <span>{t("reason")}</span>
        <input
          name="reason"
          required
          minLength={5}
          maxLength={500}
          className="rounded border border-slate-400 px-2 py-1"
        />
      </label>
      <button
        type="submit"
        name="intent"
        value="reissue"
        disabled={pending}
        className="rounded border border-brand-700 bg-white px-2 py-1 text-sm font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60"
      >
        {t("reissue")}
      </button>
      <button
        type="submit"
        name="intent"
        value="revoke"
        disabled={pending}
        className="rounded border border-red-700 bg-white px-2 py-1 text-sm font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60"
      >
        {t("revoke")}
      </button>
      {state.message && (
        <span
          role={state.ok ? "status" : "alert"}
          className={`w-full text-sm ${state.ok ? "text-green-800" : "text-red-700"}`}
        >
          {state.message}
        </span>
      )}
    </form>
  );
}
