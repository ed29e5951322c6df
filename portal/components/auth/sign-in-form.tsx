"use client";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";
import { FormField } from "@/components/form-field";

const knownErrors = new Set([
  "invalid_input",
  "invalid_credentials",
  "account_disabled",
  "account_expired",
  "password_expired",
  "must_change_password",
  "locked_out",
  "not_permitted_now",
  "not_permitted_here",
  "rate_limited",
  "unavailable",
]);

/** `next`: where to go once signed in, already checked by `safeRedirectPath` on the server. */
export function SignInForm({ next }: { next: string }) {
  const t = useTranslations("signin");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      redirect: false,
      username: String(form.get("username") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    setPending(false);
    if (result?.ok && !result.error) {
      router.push(next);
      router.refresh();
      return;
    }
    const code = result?.error ?? "unknown";
    setError(knownErrors.has(code) ? code : "unknown");
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <FormFeedback ok={false} message={error ? t(`errors.${error}`) : undefined} look="banner" />
      <FormField
        name="username"
        label={t("username")}
        hint={t("usernameHint")}
        autoComplete="username"
        required
        maxLength={256}
      />
      <FormField
        name="password"
        label={t("password")}
        type="password"
        autoComplete="current-password"
        required
        maxLength={1024}
      />
      <Button size="wide" disabled={pending}>
        {pending ? t("pending") : t("submit")}
      </Button>
    </form>
  );
}
