import { defaultTimeZone } from "@tremplin/domain/calendar";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { loadCatalogue } from "@/server/learning/pages";
import { SearchForm } from "./search-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Catalogue des formations" };

export default async function CataloguePage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await props.searchParams;
  const { query, issues, entries, choices } = await loadCatalogue(params);
  const t = await getTranslations("catalogue");
  const format = await getFormatter();
  const errors = Object.fromEntries(issues.map((i) => [i.path, i.message]));
  const values = Object.fromEntries(
    ["q", "domain", "site", "from", "to", "modality"].map((k) => [
      k,
      typeof params[k] === "string" ? (params[k] as string) : "",
    ]),
  );
  const filtered = Object.values(query).some((v) => v !== undefined);
  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      <SearchForm values={values} errors={errors} domains={choices.domains} sites={choices.sites} />
      <section aria-labelledby="results-title" className="space-y-4">
        <h2 id="results-title" className="text-xl font-semibold" aria-live="polite">
          {t("count", { count: entries.length })}
          {filtered && (
            <Link href="/catalogue" className="ml-4 text-base font-normal text-brand-700 underline">
              {t("clear")}
            </Link>
          )}
        </h2>
        {entries.length === 0 ? (
          <p className="rounded-xl border border-slate-200 bg-white p-5">{t("none")}</p>
        ) : (
          <ul className="grid gap-4 md:grid-cols-2">
            {entries.map((e) => (
              <li
                key={e.id}
                className="flex flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
              >
                <p className="text-sm font-medium text-brand-700">
                  {e.domain} · {e.code}
                </p>
                <h3 className="mt-1 text-lg font-semibold">
                  <Link href={`/formations/${e.id}`} className="hover:underline">
                    {e.title}
                  </Link>
                </h3>
                <p className="mt-2 flex-1 text-slate-700">{e.summary}</p>
                <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
                  <dt className="text-slate-600">{t("duration")}</dt>
                  <dd>{t("hours", { count: e.durationHours })}</dd>
                  <dt className="text-slate-600">{t("modality")}</dt>
                  <dd>{t(`modalities.${e.modality}`)}</dd>
                  <dt className="text-slate-600">{t("next")}</dt>
                  <dd>
                    {e.nextStartsAt
                      ? t("nextSession", {
                          date: format.dateTime(e.nextStartsAt, {
                            dateStyle: "medium",
                            timeZone: defaultTimeZone,
                          }),
                          count: e.sessionCount,
                        })
                      : t("noSession")}
                  </dd>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
