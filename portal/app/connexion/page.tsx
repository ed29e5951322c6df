import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeRedirectPath } from "@/lib/safe-redirect-path";

export const metadata = { title: "Connexion" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  const t = await getTranslations("signin");
  // Where the person goes once signed in: a path of this site only (no open redirect).
  const next = safeRedirectPath((await searchParams).callbackUrl);
  return (
    <div className="mx-auto max-w-md rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <p className="mt-2 mb-6 text-slate-700">{t("intro")}</p>
      <SignInForm next={next} />
      <p className="mt-6 text-sm text-slate-700">
        {t("noAccount")}{" "}
        <Link href="/inscription" className="font-semibold text-brand-700 underline">
          {t("register")}
        </Link>
      </p>
    </div>
  );
}
