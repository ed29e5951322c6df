import Link from "next/link";
import { getTranslations } from "next-intl/server";

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
        <Link
          href="/"
          className="rounded-lg bg-brand-700 px-5 py-3 font-semibold text-white hover:bg-brand-900"
        >
          {t("home")}
        </Link>
        <Link
          href="/catalogue"
          className="rounded-lg border border-slate-400 bg-white px-5 py-3 font-semibold text-slate-800 hover:bg-slate-100"
        >
          {t("catalogue")}
        </Link>
      </div>
    </div>
  );
}
