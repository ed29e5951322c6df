import { getFormatter, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { TitledSection } from "@/components/titled-section";
import { loadProvisioningPage } from "@/server/provisioning/pages";
import { RunHistory } from "./_components/run-history";
import { RunPanel } from "./_components/run-panel";
import { runProvisioningAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Provisionnement Active Directory" };

export default async function ProvisioningPage() {
  const { status, sessions, runs } = await loadProvisioningPage();
  const t = await getTranslations("provisioning");
  const format = await getFormatter();
  const options = sessions.map((s) => ({
    id: s.id,
    text: t("session.option", {
      label: s.isRunning ? `${s.label} (${t("session.running")})` : s.label,
      enrolled: s.enrolled,
      last: s.lastRun
        ? t("session.last", {
            at: format.dateTime(s.lastRun.finishedAt, { dateStyle: "short", timeStyle: "short" }),
          })
        : t("session.never"),
    }),
  }));
  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />

      {status.kind === "none" && (
        <div role="status" className="rounded-xl border-2 border-slate-400 bg-white p-5 print:hidden">
          <p className="text-lg font-semibold">{t("noDirectory")}</p>
          <p className="mt-1 text-slate-700">{t("noDirectoryHelp")}</p>
        </div>
      )}
      {status.kind === "incomplete" && (
        <p
          role="status"
          className="rounded-xl border-2 border-amber-600 bg-amber-50 p-5 font-medium print:hidden"
        >
          {t("incomplete", { missing: status.missing.join(", ") })}
        </p>
      )}
      {status.kind === "ready" && (
        <>
          <p className="max-w-3xl rounded-lg bg-brand-50 p-3 text-brand-900 print:hidden">
            {t("ready", {
              ou: status.usersOu,
              grace: status.graceDays,
              mustChange: String(status.mustChangePassword),
            })}
          </p>
          <RunPanel sessions={options} action={runProvisioningAction} />
        </>
      )}

      <TitledSection id="prov-history" title={t("history.title")} className="space-y-3 print:hidden">
        <RunHistory runs={runs} />
      </TitledSection>
    </div>
  );
}
