import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata = { title: "Connexion" };

export default async function SignInPage() {
  const t = await getTranslations("signin");
  return (
    <div className="mx-auto max-w-md rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <p className="mt-2 mb-6 text-slate-700">{t("intro")}</p>
      <Suspense>
        <SignInForm />
      </Suspense>
      <p className="mt-6 text-sm text-slate-700">
        {t("noAccount")}{" "}
        <Link href="/inscription" className="font-semibold text-brand-700 underline">
          {t("register")}
        </Link>
      </p>
    </div>
  );
}
