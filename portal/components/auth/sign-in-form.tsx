"use client";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";

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
      <div>
        <label htmlFor="username" className="block font-medium">
          {t("username")}
        </label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          required
          maxLength={256}
          aria-describedby="username-hint"
          className="mt-1 block w-full rounded-lg border border-slate-400 px-3 py-3 text-lg"
        />
        <p id="username-hint" className="mt-1 text-sm text-slate-600">
          {t("usernameHint")}
        </p>
      </div>
      <div>
        <label htmlFor="password" className="block font-medium">
          {t("password")}
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={1024}
          className="mt-1 block w-full rounded-lg border border-slate-400 px-3 py-3 text-lg"
        />
      </div>
      <Button size="wide" disabled={pending}>
        {pending ? t("pending") : t("submit")}
      </Button>
    </form>
  );
}
