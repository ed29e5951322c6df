"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormFeedback } from "@/components/form-feedback";
import { type FormState, initialFormState } from "@/lib/form-state";
import { legalHoldAction } from "./actions";

/** Puts a certificate under legal hold or lifts it, with the reason the audit log keeps. */
export function LegalHoldForm(props: { code: string; held: boolean }) {
  const t = useTranslations("certificateSearch");
  const [state, action, pending] = useActionState<FormState, FormData>(legalHoldAction, initialFormState);
  return (
    <details>
      <summary className="cursor-pointer text-sm font-medium text-brand-700">
        {t(props.held ? "release" : "hold")}
      </summary>
      <form action={action} className="flex flex-wrap items-end gap-2 pt-2">
        <input type="hidden" name="code" value={props.code} />
        <input type="hidden" name="hold" value={props.held ? "off" : "on"} />
        <label className="flex flex-col text-sm">
          <span>{t("holdReason")}</span>
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
          disabled={pending}
          className="rounded border border-slate-600 bg-white px-2 py-1 text-sm font-semibold hover:bg-slate-100 disabled:opacity-60"
        >
          {t(props.held ? "release" : "hold")}
        </button>
        <FormFeedback ok={state.ok} message={state.message} className="w-full text-sm" />
      </form>
    </details>
  );
}
