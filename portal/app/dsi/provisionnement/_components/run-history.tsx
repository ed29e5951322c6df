import { getFormatter, getTranslations } from "next-intl/server";
import { DataTable } from "@/components/data-table";
import type { ProvisioningOverview } from "@/server/provisioning/get-provisioning-overview";

type Run = ProvisioningOverview["runs"][number];

const badge: Record<string, string> = {
  succeeded: "bg-green-100 text-green-900",
  partial: "bg-amber-100 text-amber-950",
  failed: "bg-red-100 text-red-900",
  running: "bg-brand-100 text-brand-900",
  abandoned: "bg-slate-200 text-slate-800",
};

/** The latest runs as stored: counts, then per session what happened (never a password). */
export async function RunHistory({ runs }: { runs: Run[] }) {
  const t = await getTranslations("provisioning");
  const format = await getFormatter();
  if (runs.length === 0) return <p className="text-slate-700">{t("history.empty")}</p>;
  const scope = (run: Run) => {
    const s = run.scope as { kind: string; days?: number };
    if (s.kind === "upcoming") return t("history.scopeUpcoming", { days: s.days ?? 0 });
    return s.kind === "session" ? t("history.scopeSession") : t("history.scopeSweep");
  };
  return (
    <DataTable
      columns={[
        t("history.colWhen"),
        t("history.colWho"),
        t("history.colScope"),
        t("history.colStatus"),
        t("history.colCounts"),
      ]}
      caption={t("history.caption")}
      className="shadow-sm"
    >
      {runs.map((run) => (
        <tr key={run.id} className="border-b border-slate-100 align-top">
          <th scope="row" className="px-3 py-2 font-normal whitespace-nowrap">
            {format.dateTime(run.startedAt, { dateStyle: "short", timeStyle: "short" })}
          </th>
          <td className="px-3 py-2">{run.actorLabel}</td>
          <td className="px-3 py-2">{scope(run)}</td>
          <td className="px-3 py-2">
            <span
              className={`rounded px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${badge[run.status] ?? ""}`}
            >
              {t(`history.status.${run.status}`)}
            </span>
          </td>
          <td className="px-3 py-2">
            <p>
              {t("result.totals", {
                created: run.created,
                updated: run.updated,
                disabled: run.disabled,
                unchanged: run.unchanged,
                failed: run.failed,
                skipped: run.skipped,
              })}
            </p>
            {run.report && <RunDetails run={run} />}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

async function RunDetails({ run }: { run: Run }) {
  const t = await getTranslations("provisioning");
  const report = run.report!;
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-brand-700 underline">{t("history.details")}</summary>
      {report.error && <p className="mt-1 text-red-800">{t("history.error", { error: report.error })}</p>}
      {report.sessions.map((s) => (
        <div key={s.sessionId} className="mt-2">
          <p className="font-semibold">{s.label}</p>
          {s.error && <p className="text-red-800">{t("result.sessionError", { error: s.error })}</p>}
          <ul className="list-inside list-disc">
            {s.report.created.map((c) => (
              <li key={`c${c.username}`}>
                {t("result.created")} : <span className="font-mono">{c.username}</span> (
                {t("history.passwordIssued")})
              </li>
            ))}
            {s.report.updated.map((u) => (
              <li key={`u${u.username}`}>
                {t("result.updated")} : <span className="font-mono">{u.username}</span> —{" "}
                {u.changes.join(", ")}
                {u.initialPasswordIssued ? ` (${t("history.passwordIssued")})` : ""}
              </li>
            ))}
            {s.report.failed.map((f) => (
              <li key={`f${f.username}`} className="text-red-800">
                {t("result.failed")} : <span className="font-mono">{f.username}</span> — {f.reason}
              </li>
            ))}
            {s.skipped.map((k) => (
              <li key={`s${k.username}`}>
                {t("result.skipped")} : <span className="font-mono">{k.username}</span> — {k.reason}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {report.sweep && (
        <p className="mt-2">
          {t("result.disabled")} : {report.sweep.disabled.map((d) => d.username).join(", ") || "—"}
          {report.sweep.error ? ` (${report.sweep.error})` : ""}
        </p>
      )}
    </details>
  );
}
