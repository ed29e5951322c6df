import { type SurveySummary, surveyQuestions } from "@tremplin/domain/satisfaction";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { sessionWhen } from "@/lib/session-when";
import { loadTrainingSatisfaction } from "@/server/satisfaction/pages";
import { Rating } from "../rating";

export const dynamic = "force-dynamic";
export const metadata = { title: "Satisfaction d'une formation" };

async function SummaryList({ summary }: { summary: SurveySummary }) {
  const t = await getTranslations("satisfaction.results");
  const locale = await getLocale();
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-3 lg:grid-cols-4">
      <div>
        <dt className="text-sm text-slate-600">{t("colAnswers")}</dt>
        <dd>
          {t("answers", {
            answered: summary.answered,
            invited: summary.invited,
            percent: Math.round(summary.responseRate * 100),
          })}
        </dd>
      </div>
      {surveyQuestions.map((q) => (
        <div key={q}>
          <dt className="text-sm text-slate-600">{t(`short.${q}`)}</dt>
          <dd>
            <Rating value={summary.averages[q]} locale={locale} />
          </dd>
        </div>
      ))}
      <div>
        <dt className="text-sm text-slate-600">{t("colOverall")}</dt>
        <dd>
          <Rating value={summary.overall} locale={locale} />
        </dd>
      </div>
    </dl>
  );
}

export default async function TrainingSatisfactionPage(props: {
  params: Promise<{ trainingId: string }>;
  searchParams: Promise<{ from?: string; to?: string }>;
}) {
  const { trainingId } = await props.params;
  const { period, summary, sessions, trainingTitle } = await loadTrainingSatisfaction(
    trainingId,
    await props.searchParams,
  );
  const t = await getTranslations("satisfaction.results");
  const locale = await getLocale();
  return (
    <div className="space-y-6">
      <Link
        href={`/dsi/satisfaction?from=${period.from}&to=${period.to}`}
        className="text-brand-700 underline"
      >
        ← {t("back")}
      </Link>
      <h1 className="text-3xl font-bold">
        {trainingTitle ? t("trainingTitleOf", { title: trainingTitle }) : t("trainingTitle")}
      </h1>
      <p className="text-slate-700">{t("anonymous")}</p>
      {sessions.length === 0 ? (
        <p className="rounded-xl border border-slate-200 bg-white p-5">{t("none")}</p>
      ) : (
        <>
          <section
            aria-labelledby="whole"
            className="space-y-3 rounded-xl border border-slate-200 bg-white p-5"
          >
            <h2 id="whole" className="text-xl font-bold">
              {t("whole", { count: sessions.length })}
            </h2>
            <SummaryList summary={summary} />
          </section>
          {sessions.map((s) => (
            <section
              key={s.sessionId}
              aria-labelledby={`session-${s.sessionId}`}
              className="space-y-3 rounded-xl border border-slate-200 bg-white p-5"
            >
              <h2 id={`session-${s.sessionId}`} className="text-lg font-bold first-letter:uppercase">
                {sessionWhen(locale, s.startsAt, s.endsAt, s.timezone)}
              </h2>
              <p className="text-sm text-slate-700">
                {[s.roomName ?? t("remote"), s.trainerName].filter(Boolean).join(" · ")}
              </p>
              <SummaryList summary={s.summary} />
              <h3 className="font-semibold">{t("comments", { count: s.summary.comments.length })}</h3>
              {s.summary.comments.length > 0 && (
                <ul className="space-y-2">
                  {s.summary.comments.map((c, i) => (
                    <li
                      // biome-ignore lint/suspicious/noArrayIndexKey: a list never reordered, where two learners may write the same words
                      key={i}
                      className="rounded-lg border-l-4 border-brand-600 bg-slate-50 p-3 whitespace-pre-line"
                    >
                      {c}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
        </>
      )}
    </div>
  );
}
