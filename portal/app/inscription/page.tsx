import { getTranslations } from "next-intl/server";
import { RegisterForm } from "@/components/auth/register-form";
import { env } from "@/env";

export const metadata = { title: "Créer un compte" };
export const dynamic = "force-dynamic";

export default async function RegisterPage() {
  const t = await getTranslations("register");
  return (
    <div className="mx-auto max-w-md rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <p className="mt-2 mb-6 text-slate-700">{t("intro")}</p>
      {env().TREMPLIN_SELF_REGISTRATION ? <RegisterForm /> : <p role="status">{t("closed")}</p>}
    </div>
  );
}
