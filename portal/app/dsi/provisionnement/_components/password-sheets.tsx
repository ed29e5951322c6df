"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/button";
import { ColumnHeads } from "@/components/data-table";
import type { ProvisioningResult } from "@/server/provisioning/report";

type Handout = { session: string; username: string; name: string; password: string };

function handoutsOf(result: ProvisioningResult): Handout[] {
  return result.sessions.flatMap((s) =>
    [...s.report.created, ...s.report.updated].flatMap((entry) =>
      "initialPassword" in entry && entry.initialPassword
        ? [
            {
              session: s.label,
              username: entry.username,
              name: s.displayNames[entry.username] ?? "",
              password: entry.initialPassword,
            },
          ]
        : [],
    ),
  );
}

function sessionsOf(handouts: Handout[]): [string, Handout[]][] {
  const bySession = new Map<string, Handout[]>();
  for (const h of handouts) bySession.set(h.session, [...(bySession.get(h.session) ?? []), h]);
  return [...bySession];
}

// Printing shows only the trainees' sheets: the rest of the page (header, forms, report) is
// hidden, and each sheet stays on one piece of paper to be cut and handed out.
const printCss = `@media print {
  body * { visibility: hidden; }
  #fiches-stagiaires, #fiches-stagiaires * { visibility: visible; }
  #fiches-stagiaires { position: absolute; left: 0; top: 0; width: 100%; }
}`;

/** The one-time passwords: a table on screen, one sheet per trainee on paper. */
export function PasswordSheets({ result }: { result: ProvisioningResult }) {
  const t = useTranslations("provisioning.passwords");
  const handouts = handoutsOf(result);
  if (handouts.length === 0) return null;
  return (
    <div className="space-y-3">
      <style>{printCss}</style>
      <div className="space-y-3 rounded-xl border-2 border-amber-600 bg-amber-50 p-4 print:hidden">
        <h3 className="text-xl font-semibold text-amber-950">{t("title")}</h3>
        <p role="alert" className="font-medium text-amber-950">
          {t("warning")}
        </p>
        {result.mustChangePassword && <p className="text-amber-950">{t("mustChange")}</p>}
        <Button type="button" onClick={() => window.print()}>
          {t("print")}
        </Button>
        {sessionsOf(handouts).map(([session, rows]) => (
          <div key={session} className="overflow-x-auto rounded-lg bg-white p-3">
            <table className="w-full text-left text-sm">
              <caption className="pb-2 text-left font-semibold text-slate-900">{session}</caption>
              <ColumnHeads
                labels={[t("sheetName"), t("sheetLogin"), t("colPassword")]}
                className="border-b border-slate-300 text-slate-700"
              />
              <tbody>
                {rows.map((h) => (
                  <tr key={h.username} className="border-b border-slate-100">
                    <td className="px-3 py-2">{h.name}</td>
                    <th scope="row" className="px-3 py-2 font-mono font-semibold">
                      {h.username}
                    </th>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <code className="select-all rounded bg-slate-100 px-2 py-1 font-mono text-base tracking-wider">
                        {h.password}
                      </code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </div>
      <div id="fiches-stagiaires" className="hidden print:block">
        {handouts.map((h) => (
          <article
            key={`${h.session}-${h.username}`}
            className="mb-6 border-2 border-dashed border-slate-500 p-6 text-black"
            style={{ breakInside: "avoid" }}
          >
            <h2 className="text-xl font-bold">{t("sheetTitle")}</h2>
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-lg">
              <dt>{t("sheetSession")}</dt>
              <dd className="font-semibold">{h.session}</dd>
              <dt>{t("sheetName")}</dt>
              <dd className="font-semibold">{h.name}</dd>
              <dt>{t("sheetLogin")}</dt>
              <dd className="font-mono text-2xl font-bold">{h.username}</dd>
              <dt>{t("sheetPassword")}</dt>
              <dd className="font-mono text-2xl font-bold tracking-wider">{h.password}</dd>
            </dl>
            {result.mustChangePassword && <p className="mt-3">{t("sheetMustChange")}</p>}
            <p className="mt-1 text-sm">{t("sheetFooter")}</p>
          </article>
        ))}
      </div>
    </div>
  );
}
