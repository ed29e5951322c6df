"use client";
import { useFormatter, useTranslations } from "next-intl";
import type { MyCertification } from "@/server/certificates/list-my-certification";

const hours = (ms: number) => {
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")}`;
};

/**
 * A training's certificates, to download, and until the *certificat de réalisation* is issued,
 * each rule still missing with its figures ("7 h 30 sur 14 h 00 de présence").
 */
export function CertificationPanel({ certification }: { certification: MyCertification | undefined }) {
  const t = useTranslations("myTrainings.certification");
  const format = useFormatter();
  if (!certification) return null;
  const day = (d: string) =>
    format.dateTime(new Date(`${d}T12:00:00Z`), { dateStyle: "long", timeZone: "UTC" });
  const period = (from: string, to: string) =>
    from === to ? t("sessionOn", { date: day(from) }) : t("sessionFromTo", { from: day(from), to: day(to) });
  const { certificates, missing } = certification;
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
      {missing && missing.length > 0 && (
        <div>
          <p className="font-medium">{t("missingTitle")}</p>
          <ul className="list-disc pl-6 text-slate-800">
            {missing.map((o) => (
              <li key={o.rule === "passing_score" ? `${o.rule}-${o.moduleTitle}` : o.rule}>
                {o.rule === "modules" &&
                  t("rule.modules", {
                    done: o.doneCount,
                    total: o.requiredCount,
                    missing: o.missing.join(", "),
                  })}
                {o.rule === "passing_score" &&
                  (o.bestScorePercent === null
                    ? t("rule.notTried", { module: o.moduleTitle, required: o.passingScorePercent })
                    : t("rule.score", {
                        module: o.moduleTitle,
                        best: o.bestScorePercent,
                        required: o.passingScorePercent,
                      }))}
                {o.rule === "attendance" &&
                  t("rule.attendance", { attended: hours(o.attendedMs), required: hours(o.requiredMs) })}
                {o.rule === "session_ended" &&
                  t("rule.sessionEnd", {
                    date: format.dateTime(o.endsAt, { dateStyle: "long", timeStyle: "short" }),
                  })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {missing && missing.length === 0 && certificates.length === 0 && <p>{t("pending")}</p>}
    </section>
  );
}
