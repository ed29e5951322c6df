import { surveyQuestions } from "@tremplin/domain/satisfaction";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { sessionWhen } from "@/lib/session-when";
import { loadSurvey } from "@/server/satisfaction/pages";
import { SurveyForm } from "./survey-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Votre avis sur la formation" };

export default async function SurveyPage(props: { params: Promise<{ enrolmentId: string }> }) {
  const { enrolmentId } = await props.params;
  const { survey, isOpen } = await loadSurvey(enrolmentId);
  const t = await getTranslations("satisfaction");
  const format = await getFormatter();
  const when = sessionWhen(await getLocale(), survey.startsAt, survey.endsAt, survey.timezone);
  const closes = format.dateTime(survey.closesAt, { dateStyle: "long", timeZone: survey.timezone });
  return (
    <div className="max-w-3xl space-y-6">
      <Link href="/mes-formations" className="text-brand-700 underline">
        ← {t("back")}
      </Link>
      <PageHeader title={t("title")}>
        <p className="text-lg font-semibold">{survey.trainingTitle}</p>
        <p className="text-slate-700 first-letter:uppercase">{when}</p>
        {survey.trainerName && <p className="text-slate-700">{t("trainer", { name: survey.trainerName })}</p>}
        <p className="text-slate-700">{t("intro")}</p>
        <p className={isOpen ? "text-slate-700" : "font-medium text-amber-900"}>
          {isOpen
            ? survey.answeredAt
              ? t("editableUntil", { date: closes })
              : t("openUntil", { date: closes })
            : t("closed", { date: closes })}
        </p>
      </PageHeader>
      <SurveyForm
        enrolmentId={survey.enrolmentId}
        isOpen={isOpen}
        questions={surveyQuestions.map((q) => ({ name: q, label: t(`questions.${q}`), value: survey[q] }))}
        comment={survey.comment ?? ""}
        labels={{
          scale: [1, 2, 3, 4, 5].map((n) => t(`scale.${n}`)),
          comment: t("comment"),
          commentHint: t("commentHint"),
          submit: survey.answeredAt ? t("update") : t("submit"),
          pending: t("pending"),
        }}
      />
    </div>
  );
}
