import { getFormatter, getTranslations } from "next-intl/server";
import { Button } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { loadCertificateSearch } from "@/server/certificates/pages";
import { LegalHoldForm } from "./legal-hold-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Certificats délivrés" };

type Search = Record<string, string | string[] | undefined>;

/** Auditors and IT: find any certificate, see where it stands, open its public proof. */
export default async function CertificateSearchPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { query, results, canHold } = await loadCertificateSearch(await searchParams);
  const t = await getTranslations("certificateSearch");
  const kinds = await getTranslations("verify.kind");
  const format = await getFormatter();
  const statuses = ["issued", "revoked", "superseded", "purged"] as const;
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} intro={t("intro")} />
      <form
        className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4"
        aria-label={t("search")}
      >
        <label className="flex flex-col">
          <span className="font-medium">{t("query")}</span>
          <input name="q" defaultValue={query.q} className="rounded-lg border border-slate-400 px-3 py-2" />
        </label>
        <label className="flex flex-col">
          <span className="font-medium">{t("status")}</span>
          <select
            name="statut"
            defaultValue={query.statut}
            className="rounded-lg border border-slate-400 px-3 py-2"
          >
            <option value="">{t("any")}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <Button>{t("search")}</Button>
      </form>
      <p aria-live="polite">{t("count", { count: results.length })}</p>
      <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
        {results.map((c) => (
          <li key={c.code} className="space-y-2 p-4">
            <p className="flex flex-wrap gap-x-3 gap-y-1">
              <a className="font-mono font-semibold underline" href={`/verifier/${c.code}`}>
                {c.code}
              </a>
              <strong>{c.learnerName}</strong>
              <span>
                {kinds(c.kind)} — {c.trainingTitle} ({c.trainingCode})
              </span>
            </p>
            <p className="text-sm text-slate-700">
              {t(`statuses.${c.status}`)} ·{" "}
              {t("issuedOn", { date: format.dateTime(c.issuedAt, { dateStyle: "medium" }) })} ·{" "}
              {c.legalHold ? t("held") : t("keptUntil", { date: c.retainUntil })}
              {c.status !== "purged" && (
                <>
                  {" · "}
                  <a className="underline" href={`/api/v1/certificates/${c.code}/pdf`}>
                    {t("pdf")}
                  </a>
                </>
              )}
            </p>
            {canHold && c.status !== "purged" && <LegalHoldForm code={c.code} held={c.legalHold} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
