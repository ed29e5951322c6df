"use client";
import { useTranslations } from "next-intl";
import { ColumnHeads } from "@/components/data-table";
import { isAllSkipped, type ProvisioningResult, type SessionOutcome } from "@/server/provisioning/report";
import { PasswordSheets } from "./password-sheets";

const tone = {
  succeeded: "border-green-700 bg-green-50 text-green-900",
  partial: "border-amber-600 bg-amber-50 text-amber-900",
  failed: "border-red-700 bg-red-50 text-red-900",
} as const;

/** The last run's report. Its initial passwords exist only here, in the browser's memory. */
export function RunResult({ result }: { result: ProvisioningResult }) {
  const t = useTranslations("provisioning.result");
  return (
    <section aria-labelledby="prov-result" className="space-y-4">
      <div className="print:hidden space-y-4">
        <h2 id="prov-result" className="text-2xl font-semibold">
          {t("title")}
        </h2>
        <div role="status" className={`rounded-xl border-2 p-4 ${tone[result.status]}`}>
          <p className="font-semibold">{t(result.status)}</p>
          <p className="mt-1">{t("totals", result.totals)}</p>
          {!result.recorded && <p className="mt-2 font-semibold">{t("notRecorded")}</p>}
        </div>
        {result.scope.kind !== "sweep" && result.sessions.length === 0 && <p>{t("noSession")}</p>}
        {result.sessions.map((s) => (
          <SessionReport key={s.sessionId} outcome={s} />
        ))}
        {result.sweep && (
          <div className="rounded-xl border border-slate-200 bg-white p-4">
            <h3 className="text-lg font-semibold">{t("disabled")}</h3>
            {result.sweep.error && (
              <p className="mt-1 font-medium text-red-800">
                {t("sweepError", { error: result.sweep.error })}
              </p>
            )}
            {result.sweep.disabled.length === 0 ? (
              <p className="mt-1 text-slate-700">{t("noneDisabled")}</p>
            ) : (
              <ul className="mt-1 list-inside list-disc font-mono text-sm">
                {result.sweep.disabled.map((d) => (
                  <li key={d.dn}>{d.username}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <PasswordSheets result={result} />
    </section>
  );
}

function SessionReport({ outcome }: { outcome: SessionOutcome }) {
  const t = useTranslations("provisioning.result");
  const { report } = outcome;
  const name = (username: string) => outcome.displayNames[username] ?? "";
  const rows: { key: string; kind: string; username: string; detail: string; isProblem?: boolean }[] = [
    ...report.created.map((c) => ({
      key: `c-${c.username}`,
      kind: t("outcome.created"),
      username: c.username,
      detail: "",
    })),
    ...report.updated.map((u) => ({
      key: `u-${u.username}`,
      kind: t("outcome.updated"),
      username: u.username,
      detail: u.changes.map((c) => (c === "réactivé" ? t("reenabled") : c)).join(", "),
    })),
    ...report.failed.map((f) => ({
      key: `f-${f.username}`,
      kind: t("outcome.failed"),
      username: f.username,
      detail: f.reason,
      isProblem: true,
    })),
    ...outcome.skipped.map((s) => ({
      key: `s-${s.username}`,
      kind: t("outcome.skipped"),
      username: s.username,
      detail: s.reason,
    })),
  ];
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h3 className="text-lg font-semibold">{outcome.label}</h3>
      {outcome.error && (
        <p className="mt-1 font-medium text-red-800">{t("sessionError", { error: outcome.error })}</p>
      )}
      {isAllSkipped(outcome) && (
        <p className="mt-1 font-medium text-amber-900">
          {t("allSkipped", { count: outcome.skipped.length })}
        </p>
      )}
      {report.unchanged.length > 0 && (
        <p className="mt-2 text-sm text-slate-700">
          {t("unchangedList", { count: report.unchanged.length, names: report.unchanged.join(", ") })}
        </p>
      )}
      {rows.length > 0 && (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{outcome.label}</caption>
            <ColumnHeads
              labels={[t("colUser"), t("colName"), t("colOutcome"), t("colDetail")]}
              className="border-b border-slate-300 text-slate-700"
              cellClassName="py-2 pr-4"
            />
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.key}
                  className={`border-b border-slate-100 align-top ${r.isProblem ? "bg-red-50" : ""}`}
                >
                  <th scope="row" className="py-2 pr-4 font-mono font-semibold">
                    {r.username}
                  </th>
                  <td className="py-2 pr-4">{name(r.username)}</td>
                  <td className="py-2 pr-4">{r.kind}</td>
                  <td className={`py-2 ${r.isProblem ? "font-medium text-red-800" : ""}`}>{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
