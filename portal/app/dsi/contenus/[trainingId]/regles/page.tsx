import { actionNatures } from "@tremplin/domain/certification";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { loadCompletionRules } from "@/server/certificates/pages";
import { RulesForm } from "./rules-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Règles de certification" };

/** IT: when a learner of this training is certified, and what the certificate says. */
export default async function RulesPage(props: { params: Promise<{ trainingId: string }> }) {
  const { trainingId } = await props.params;
  const training = await loadCompletionRules(trainingId);
  const t = await getTranslations("rules");
  const { rules } = training;
  const values = {
    minAttendancePercent: String(rules.minAttendancePercent),
    minAttendedHours:
      rules.minAttendedMinutes === null ? "" : String(rules.minAttendedMinutes / 60).replace(".", ","),
    passingScorePercent: String(rules.passingScorePercent),
    maxAttempts: rules.maxAttempts === null ? "" : String(rules.maxAttempts),
    actionNature: training.actionNature,
    funder: training.funder ?? "",
    evidenceRetentionYears: String(training.evidenceRetentionYears),
  };
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <p className="text-sm font-semibold text-brand-700">{training.code}</p>
        <PageHeader title={t("title", { training: training.title })} intro={t("intro")} />
      </header>
      <RulesForm trainingId={training.id} values={values} natures={actionNatures} />
    </div>
  );
}
