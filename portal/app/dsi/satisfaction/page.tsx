import { surveyQuestions } from "@tremplin/domain/satisfaction";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { DataTable } from "@/components/data-table";
import { PageHeader } from "@/components/page-header";
import { PeriodForm } from "@/components/period-form";
import { loadSatisfactionOverview } from "@/server/satisfaction/pages";
import { Rating } from "./rating";

export const dynamic = "force-dynamic";
export const metadata = { title: "Satisfaction des stagiaires" };

export default async function SatisfactionPage(props: {
  searchParams: Promise<{ from?: string; to?: string }>;
}) {
  const search = await props.searchParams;
  const { period, error, trainings } = await loadSatisfactionOverview(search);
  const t = await getTranslations("satisfaction.results");
  const locale = await getLocale();
  const query = `from=${period.from}&to=${period.to}`;
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} intro={t("intro")} />
      <PeriodForm
        action="/dsi/satisfaction"
        from={period.from}
        to={period.to}
        error={error}
        labels={{ legend: t("period"), from: t("from"), to: t("to"), submit: t("show") }}
      />
      {trainings.length === 0 ? (
        <p className="rounded-xl border border-slate-200 bg-white p-5">{t("none")}</p>
      ) : (
        <DataTable
          caption={t("caption", { from: period.from, to: period.to })}
          columns={[
            t("colTraining"),
            t("colAnswers"),
            ...surveyQuestions.map((q) => t(`short.${q}`)),
            t("colOverall"),
          ]}
        >
          {trainings.map((line) => (
            <tr key={line.trainingId} className="border-b border-slate-100">
              <th scope="row" className="px-3 py-2 font-normal">
                <Link
                  href={`/dsi/satisfaction/${line.trainingId}?${query}`}
                  className="font-medium text-brand-700 underline"
                >
                  {line.trainingTitle}
                </Link>
                <span className="block text-sm text-slate-600">
                  {t("sessions", { count: line.sessions })}
                </span>
              </th>
              <td className="px-3 py-2 whitespace-nowrap">
                {t("answers", {
                  answered: line.answered,
                  invited: line.invited,
                  percent: Math.round(line.responseRate * 100),
                })}
              </td>
              {surveyQuestions.map((q) => (
                <td key={q} className="px-3 py-2">
                  <Rating value={line.averages[q]} locale={locale} />
                </td>
              ))}
              <td className="px-3 py-2">
                <Rating value={line.overall} locale={locale} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
