import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { DataTable } from "@/components/data-table";
import { FormFeedback } from "@/components/form-feedback";
import { PageHeader } from "@/components/page-header";
import { describeDetails } from "@/lib/readable-details";
import { loadAuditPage } from "@/server/audit/pages";
import { AuditFilters } from "./audit-filters";

export const dynamic = "force-dynamic";
export const metadata = { title: "Journal d'audit" };

type Search = Record<string, string | string[] | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const result = await loadAuditPage(await searchParams);
  const t = await getTranslations("audit");
  const format = await getFormatter();
  // next-intl reads dots as nesting: `session.created` is looked up as `actions.session_created`.
  const label = (action: string) => {
    const key = `actions.${action.replace(/\./g, "_")}`;
    return t.has(key) ? t(key) : action;
  };
  const entity = (type: string) => (t.has(`entities.${type}`) ? t(`entities.${type}`) : type);
  const details = (value: unknown) => describeDetails(value, { t, format }).slice(0, 400);
  const pageLink = (page: number) => {
    const params = new URLSearchParams(
      Object.entries(result.raw).filter(
        (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "" && e[0] !== "page",
      ),
    );
    params.set("page", String(page));
    return `/dsi/audit?${params}`;
  };
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} intro={t("intro")} />
      <AuditFilters
        values={result.raw}
        errors={result.ok ? {} : result.fieldErrors}
        facets={result.facets}
        actionLabel={(a) => label(a)}
        entityLabel={entity}
      />
      {!result.ok ? (
        <FormFeedback ok={false} message={result.message} look="banner" />
      ) : (
        <section aria-labelledby="results-title" className="space-y-3">
          <h2 id="results-title" className="text-xl font-semibold" aria-live="polite">
            {t("count", { count: result.total })}
          </h2>
          {result.rows.length > 0 && (
            <DataTable
              columns={[t("colAt"), t("colActor"), t("colAction"), t("colEntity"), t("colDetails")]}
              caption={t("caption", { page: result.page, pages: result.pages })}
            >
              {result.rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 align-top">
                  <td className="px-3 py-2 whitespace-nowrap">
                    {format.dateTime(r.at, { dateStyle: "short", timeStyle: "medium" })}
                  </td>
                  <td className="px-3 py-2">{r.actorLabel}</td>
                  <td className="px-3 py-2" title={r.action}>
                    {label(r.action)}
                  </td>
                  <td className="px-3 py-2" title={r.entityId ?? undefined}>
                    {entity(r.entityType)}
                  </td>
                  <td className="max-w-md px-3 py-2 break-words text-slate-700">{details(r.details)}</td>
                </tr>
              ))}
            </DataTable>
          )}
          {result.pages > 1 && (
            <nav aria-label={t("pagination")} className="flex flex-wrap items-center gap-3">
              {result.page > 1 && (
                <Link
                  href={pageLink(result.page - 1)}
                  className="rounded border border-slate-300 bg-white px-3 py-2"
                  rel="prev"
                >
                  ← {t("newer")}
                </Link>
              )}
              <span>{t("pageOf", { page: result.page, pages: result.pages })}</span>
              {result.page < result.pages && (
                <Link
                  href={pageLink(result.page + 1)}
                  className="rounded border border-slate-300 bg-white px-3 py-2"
                  rel="next"
                >
                  {t("older")} →
                </Link>
              )}
            </nav>
          )}
        </section>
      )}
    </div>
  );
}
