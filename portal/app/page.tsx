import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ItAlertsBlock } from "@/components/home/it-alerts";
import { LearnerBlocks } from "@/components/home/learner-blocks";
import { TrainerBlocks } from "@/components/home/trainer-blocks";
import { navFor } from "@/components/site-header";
import { findCurrentUser } from "@/server/auth/current-user";
import { getHomeOverview } from "@/server/get-home-overview";
import { loadRoleHome } from "@/server/home/pages";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const t = await getTranslations("home");
  const user = await findCurrentUser();
  if (user) {
    const links = navFor(user, await getTranslations("nav"));
    const home = await loadRoleHome(user);
    return (
      <div className="space-y-8">
        <h1 className="text-3xl font-bold">{t("greeting", { name: user.name })}</h1>
        <div className="grid gap-6 lg:grid-cols-2">
          {home.learner && <LearnerBlocks home={home.learner} />}
          {home.trainer && <TrainerBlocks home={home.trainer} />}
          {home.it && <ItAlertsBlock alerts={home.it} />}
        </div>
        <nav aria-label={t("spaces")}>
          <h2 className="text-lg font-semibold">{t("spaces")}</h2>
          <ul className="mt-2 flex flex-wrap gap-3">
            {links.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className="block rounded-lg border border-slate-200 bg-white px-4 py-2 font-semibold text-brand-700 hover:border-brand-700"
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    );
  }
  const overview = await getHomeOverview(new Date()).catch(() => undefined);
  return (
    <div className="space-y-8">
      <section className="rounded-2xl bg-brand-900 px-6 py-10 text-white sm:px-10">
        <h1 className="text-3xl font-bold sm:text-4xl">{t("title")}</h1>
        <p className="mt-3 max-w-2xl text-lg text-brand-100">{t("intro")}</p>
        <div className="mt-6 flex flex-wrap gap-3">
          <Link
            href="/catalogue"
            className="rounded-lg bg-white px-5 py-3 font-semibold text-brand-900 hover:bg-brand-50"
          >
            {t("learnerCta")}
          </Link>
          <Link
            href="/connexion"
            className="rounded-lg border border-white/60 px-5 py-3 font-semibold hover:bg-white/10"
          >
            {t("signInCta")}
          </Link>
        </div>
      </section>
      {overview ? (
        <ul className="grid gap-4 sm:grid-cols-3" aria-label="Chiffres clés">
          <li className="rounded-xl border border-slate-200 bg-white p-5">
            {t("stats", { trainings: overview.trainings })}
          </li>
          <li className="rounded-xl border border-slate-200 bg-white p-5">
            {t("sessionsThisWeek", { count: overview.sessionsThisWeek })}
          </li>
          <li className="rounded-xl border border-slate-200 bg-white p-5">
            {t("sites", { count: overview.sites })}
          </li>
        </ul>
      ) : (
        <p role="alert" className="rounded-xl border border-amber-300 bg-amber-50 p-5 text-amber-900">
          {t("dbDown")}
        </p>
      )}
    </div>
  );
}
