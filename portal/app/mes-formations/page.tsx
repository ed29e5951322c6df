import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CalendarLink } from "@/components/calendar-link";
import { loadMyTrainings } from "@/server/learning/pages";
import { MyTrainingsList } from "./_components/my-trainings-list";
import { PresenceConfirmations } from "./_components/presence-confirmations";
import { SurveyPrompts } from "./_components/survey-prompts";

export const dynamic = "force-dynamic";
export const metadata = { title: "Mes formations" };

export default async function MyTrainingsPage(props: { searchParams: Promise<{ annulation?: string }> }) {
  const { annulation } = await props.searchParams;
  const { trainings, certification, calendarUrl } = await loadMyTrainings();
  const t = await getTranslations("myTrainings");
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold">{t("title")}</h1>
        <p className="text-slate-700">{t("intro")}</p>
      </header>
      {(annulation === "cancelled" || annulation === "promoted" || annulation === "leftWaitingList") && (
        <p
          role="status"
          className="rounded-lg border border-green-300 bg-green-50 p-3 font-medium text-green-900"
        >
          {t(`cancelled.${annulation}`)}
        </p>
      )}
      <PresenceConfirmations />
      <SurveyPrompts />
      {trainings.length === 0 ? (
        <p className="rounded-xl border border-slate-200 bg-white p-5">
          {t("none")}{" "}
          <Link href="/catalogue" className="font-semibold text-brand-700 underline">
            {t("browse")}
          </Link>
        </p>
      ) : (
        <MyTrainingsList trainings={trainings} certification={certification} />
      )}
      <CalendarLink url={calendarUrl} />
    </div>
  );
}
