import { formatHours } from "@tremplin/domain/attendance";
import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { loadPublicCertificate } from "@/server/certificates/pages";
import { PdfCheck } from "../_components/pdf-check";
import { pdfCheckLabels } from "../_components/pdf-check-labels";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Vérifier un certificat", robots: { index: false } };

const tone = {
  issued: "border-green-300 bg-green-50 text-green-900",
  revoked: "border-red-300 bg-red-50 text-red-900",
  superseded: "border-amber-300 bg-amber-50 text-amber-900",
  purged: "border-slate-300 bg-slate-100 text-slate-900",
  unknown: "border-red-300 bg-red-50 text-red-900",
} as const;

export default async function VerifyCodePage(props: { params: Promise<{ code: string }> }) {
  const { code } = await props.params;
  const found = await loadPublicCertificate(code);
  const t = await getTranslations("verify");
  const format = await getFormatter();
  const day = (d: string) =>
    format.dateTime(new Date(`${d}T12:00:00Z`), { dateStyle: "long", timeZone: "UTC" });
  const hours = (minutes: number) => formatHours(minutes * 60_000);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <section role="status" className={`space-y-2 rounded-xl border p-5 ${tone[found.status]}`}>
        <p className="text-xl font-semibold">{t(`status.${found.status}`)}</p>
        {found.status === "unknown" && <p>{t("unknownHelp")}</p>}
        {found.status === "revoked" && found.revokedAt && (
          <p>
            {t("revokedOn", { date: format.dateTime(found.revokedAt, { dateStyle: "long" }) })}{" "}
            {t("reason", { reason: found.revokedReason ?? "" })}
          </p>
        )}
        {found.status === "superseded" && found.supersededByCode && (
          <p>
            {t("supersededBy")}{" "}
            <a className="font-semibold underline" href={`/verifier/${found.supersededByCode}`}>
              {found.supersededByCode}
            </a>
          </p>
        )}
        {found.status === "purged" && found.purgedAt && (
          <p>{t("purgedOn", { date: format.dateTime(found.purgedAt, { dateStyle: "long" }) })}</p>
        )}
      </section>
      {found.status !== "unknown" && (
        <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <h2 className="mb-3 text-xl font-semibold">{t(`kind.${found.kind}`)}</h2>
          <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
            <dt className="text-slate-600">{t("code")}</dt>
            <dd className="font-mono">{found.code}</dd>
            <dt className="text-slate-600">{t("issuer")}</dt>
            <dd>{found.issuer}</dd>
            <dt className="text-slate-600">{t("issuedAt")}</dt>
            <dd>{format.dateTime(found.issuedAt, { dateStyle: "long", timeStyle: "short" })}</dd>
            {found.facts && (
              <>
                <dt className="text-slate-600">{t("learner")}</dt>
                <dd>{found.facts.learner.name}</dd>
                <dt className="text-slate-600">{t("action")}</dt>
                <dd>
                  {found.facts.action.title} ({found.facts.action.nature})
                </dd>
                <dt className="text-slate-600">{t("dates")}</dt>
                <dd>
                  {found.facts.action.from === found.facts.action.to
                    ? t("on", { date: day(found.facts.action.from) })
                    : t("fromTo", { from: day(found.facts.action.from), to: day(found.facts.action.to) })}
                </dd>
                <dt className="text-slate-600">{t("hours")}</dt>
                <dd>
                  {t("hoursOf", {
                    done: hours(found.facts.action.attendedMinutes),
                    planned: hours(found.facts.action.plannedMinutes),
                  })}
                </dd>
                <dt className="text-slate-600">{t("place")}</dt>
                <dd>{found.facts.action.place ?? t("remote")}</dd>
              </>
            )}
            <dt className="text-slate-600">{t("hash")}</dt>
            <dd className="break-all font-mono text-sm">{found.pdfSha256}</dd>
            {found.vaultLeafIndex !== null && (
              <>
                <dt className="text-slate-600">{t("vault")}</dt>
                <dd>
                  {t("vaultEntry", { index: found.vaultLeafIndex })}{" "}
                  <a className="underline" href={`/api/v1/vault/bundle/${found.code}`}>
                    {t("proof")}
                  </a>
                </dd>
              </>
            )}
          </dl>
        </section>
      )}
      <PdfCheck labels={pdfCheckLabels(t)} />
    </div>
  );
}
