import { getTranslations } from "next-intl/server";
import { buttonClass } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { PeriodForm } from "@/components/period-form";
import { loadExportsPage } from "@/server/exports/pages";

export const dynamic = "force-dynamic";
export const metadata = { title: "Exports" };

export default async function ExportsPage(props: { searchParams: Promise<{ from?: string; to?: string }> }) {
  const { period, error } = await loadExportsPage(await props.searchParams);
  const t = await getTranslations("exports");
  const query = `from=${period.from}&to=${period.to}`;
  const files = [
    { href: `/dsi/exports/emargement.csv?${query}`, name: "attendance" },
    { href: `/dsi/exports/resultats.csv?${query}`, name: "results" },
    { href: `/dsi/exports/journal-audit.csv?${query}`, name: "audit" },
  ] as const;
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title={t("title")} intro={t("intro")} />
      <PeriodForm
        action="/dsi/exports"
        from={period.from}
        to={period.to}
        error={error}
        labels={{ legend: t("period"), from: t("from"), to: t("to"), submit: t("apply") }}
      />
      <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
        {files.map((f) => (
          <li key={f.name} className="flex flex-wrap items-center justify-between gap-3 px-5 py-4">
            <span>
              <span className="block font-semibold">{t(`${f.name}.title`)}</span>
              <span className="text-sm text-slate-700">{t(`${f.name}.detail`)}</span>
            </span>
            <a href={f.href} download className={buttonClass()}>
              {t("download", { from: period.from, to: period.to })}
            </a>
          </li>
        ))}
      </ul>
      <p className="text-sm text-slate-600">{t("format")}</p>
    </div>
  );
}
