import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClass } from "@/components/button";

export const metadata = { title: "Page introuvable" };

/**
 * Every unknown page, and every page the person may not open: pages answer 404 rather than 403
 * so that they do not confirm what exists (server/auth/guards.ts). The page says both, in the
 * reader's language, and leads home.
 */
export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <div className="mx-auto max-w-2xl space-y-4 py-10 text-center">
      <p className="text-sm font-semibold text-brand-700">{t("code")}</p>
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="text-lg text-slate-700">{t("text")}</p>
      <div className="flex flex-wrap justify-center gap-3 pt-2">
        <Link href="/" className={buttonClass("primary", "lg")}>
          {t("home")}
        </Link>
        <Link href="/catalogue" className={buttonClass("secondary", "lg")}>
          {t("catalogue")}
        </Link>
      </div>
    </div>
  );
}
