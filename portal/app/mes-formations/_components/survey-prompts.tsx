import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { TitledSection } from "@/components/titled-section";
import { loadSurveyPrompts } from "@/server/satisfaction/pages";

/** The satisfaction surveys the learner may still answer or change, at the top of "Mes formations". */
export async function SurveyPrompts() {
  const surveys = await loadSurveyPrompts();
  if (surveys.length === 0) return null;
  const t = await getTranslations("satisfaction.prompt");
  const format = await getFormatter();
  return (
    <TitledSection
      id="survey-prompts"
      title={t("title")}
      size="md"
      className="space-y-3 rounded-xl border border-brand-200 bg-brand-50 p-5"
    >
      <ul className="space-y-2">
        {surveys.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-3">
            <span>
              <span className="font-medium">{s.trainingTitle}</span>{" "}
              <span className="text-sm text-slate-700">
                {s.answeredAt
                  ? t("answered", {
                      date: format.dateTime(s.closesAt, { dateStyle: "long", timeZone: s.timezone }),
                    })
                  : t("until", {
                      date: format.dateTime(s.closesAt, { dateStyle: "long", timeZone: s.timezone }),
                    })}
              </span>
            </span>
            <Link
              href={`/mes-formations/satisfaction/${s.enrolmentId}`}
              className="rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900"
            >
              {s.answeredAt ? t("edit") : t("answer")}
            </Link>
          </li>
        ))}
      </ul>
    </TitledSection>
  );
}
