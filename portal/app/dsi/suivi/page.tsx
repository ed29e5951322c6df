import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/button";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { loadSupportSearch } from "@/server/learning/pages";

export const dynamic = "force-dynamic";
export const metadata = { title: "Suivi des stagiaires" };

export default async function SupportSearchPage(props: { searchParams: Promise<{ q?: string }> }) {
  const { q } = await props.searchParams;
  const { query, learners } = await loadSupportSearch(q);
  const t = await getTranslations("results.support");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} intro={t("intro")} />
      <search>
        <form method="get" className="flex flex-wrap items-end gap-3">
          <FormField
            name="q"
            label={t("search")}
            size="md"
            type="search"
            defaultValue={query}
            minLength={2}
            maxLength={100}
          />
          <Button>{t("submit")}</Button>
        </form>
      </search>
      {query.trim().length >= 2 &&
        (learners.length === 0 ? (
          <p>{t("none")}</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
            {learners.map((l) => (
              <li key={l.id} className="px-4 py-3">
                <Link href={`/dsi/suivi/${l.id}`} className="font-medium text-brand-700 underline">
                  {l.displayName}
                </Link>{" "}
                <span className="text-sm text-slate-600">
                  {l.username}
                  {l.email && ` · ${l.email}`}
                </span>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}
