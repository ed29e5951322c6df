"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { registerAction } from "@/app/inscription/actions";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";
import { FormField } from "@/components/form-field";
import { initialFormState } from "@/lib/form-state";

export function RegisterForm() {
  const t = useTranslations("register");
  const signIn = useTranslations("signin");
  const [state, action, pending] = useActionState(registerAction, initialFormState);
  if (state.ok && state.message === "closed") {
    return <p role="status">{t("closed")}</p>;
  }
  if (state.ok && state.message === "done") {
    return (
      <p role="status" className="rounded-lg border border-green-300 bg-green-50 p-4 text-green-900">
        {t("done")}{" "}
        <Link href="/connexion" className="font-semibold underline">
          {signIn("title")}
        </Link>
      </p>
    );
  }
  return (
    <form action={action} className="space-y-5">
      {!state.ok && <FormFeedback ok={false} message={state.message} look="banner" />}
      <FormField
        name="email"
        label={t("email")}
        type="email"
        autoComplete="email"
        error={state.fieldErrors.email}
      />
      <FormField
        name="displayName"
        label={t("displayName")}
        autoComplete="name"
        error={state.fieldErrors.displayName}
      />
      <FormField
        name="password"
        label={t("password")}
        type="password"
        autoComplete="new-password"
        error={state.fieldErrors.password}
      />
      <Button size="wide" disabled={pending}>
        {t("submit")}
      </Button>
    </form>
  );
}
