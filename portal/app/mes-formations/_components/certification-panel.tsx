"use client";
import { useFormatter, useTranslations } from "next-intl";
import type { MyCertification } from "@/server/certificates/list-my-certification";
import { MissingRules } from "./missing-rules";

/**
 * A training's certificates, to download, and until the *certificat de réalisation* is issued,
 * what is still missing, on demand.
 */
export function CertificationPanel({ certification }: { certification: MyCertification | undefined }) {
  const t = useTranslations("myTrainings.certification");
  const format = useFormatter();
  if (!certification) return null;
  const day = (d: string) =>
    format.dateTime(new Date(`${d}T12:00:00Z`), { dateStyle: "long", timeZone: "UTC" });
  const period = (from: string, to: string) =>
    from === to ? t("sessionOn", { date: day(from) }) : t("sessionFromTo", { from: day(from), to: day(to) });
  const { certificates, pendingEnrolmentId } = certification;
  return (
    <section className="space-y-2 rounded-lg bg-slate-50 p-3" aria-label={t("title")}>
      {certificates.map((c) => (
        <p key={c.code} className="flex flex-wrap items-center gap-x-3 gap-y-1">
          {c.status === "issued" ? (
            <a
              href={`/api/v1/certificates/${c.code}/pdf`}
              className="rounded-lg bg-brand-700 px-3 py-1.5 font-semibold text-white hover:bg-brand-900"
              download
            >
              {t(`download.${c.kind}`)}
            </a>
          ) : (
            <span className="font-semibold text-red-800">
              {t(`revoked.${c.kind}`)} {c.revokedReason && `— ${c.revokedReason}`}
            </span>
          )}
          {c.status === "issued" && (
            <a
              href={`/api/v1/certificates/${c.code}/credential`}
              className="text-sm text-brand-700 underline"
              download
            >
              {t("openBadge")}
            </a>
          )}
          <span className="text-sm text-slate-700">
            {c.kind === "attendance" && c.from && `${period(c.from, c.to ?? c.from)} · `}
            {t("issued", { date: format.dateTime(c.issuedAt, { dateStyle: "long" }) })} ·{" "}
            <a className="underline" href={`/verifier/${c.code}`}>
              {c.code}
            </a>
          </span>
        </p>
      ))}
      {pendingEnrolmentId && <MissingRules enrolmentId={pendingEnrolmentId} />}
    </section>
  );
}
