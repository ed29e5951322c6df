import { addDays } from "@tremplin/domain/calendar";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { CalendarLink } from "@/components/calendar-link";
import { loadTrainerHome } from "@/server/attendance/pages";
import { SessionCard } from "./_components/session-card";

export const dynamic = "force-dynamic";
export const metadata = { title: "Mes sessions" };

export default async function TrainerHomePage({
  searchParams,
}: {
  searchParams: Promise<{ jour?: string }>;
}) {
  const { jour } = await searchParams;
  const { day, today, upcoming, calendarUrl } = await loadTrainerHome(jour);
  const t = await getTranslations("trainer.home");
  const format = await getFormatter();
  const dayDate = new Date(`${day}T12:00:00Z`);
  const dayLabel = format.dateTime(dayDate, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  });
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold">{t("title")}</h1>
        <nav aria-label={t("dayNav")} className="flex flex-wrap items-center gap-3">
          <Link
            href={`/formateur?jour=${addDays(day, -1)}`}
            className="rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-100"
          >
            ← {t("previousDay")}
          </Link>
          <p className="text-lg font-semibold first-letter:uppercase" aria-live="polite">
            {dayLabel}
          </p>
          <Link
            href={`/formateur?jour=${addDays(day, 1)}`}
            className="rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-100"
          >
            {t("nextDay")} →
          </Link>
          {jour && (
            <Link href="/formateur" className="text-brand-700 underline">
              {t("today")}
            </Link>
          )}
        </nav>
      </header>
      <section aria-labelledby="today-title" className="space-y-3">
        <h2 id="today-title" className="sr-only">
          {t("todayTitle")}
        </h2>
        {today.length === 0 ? (
          <p className="rounded-xl border border-slate-200 bg-white p-5">{t("none")}</p>
        ) : (
          <ul className="grid gap-4 md:grid-cols-2">
            {today.map((s) => (
              <li key={s.id}>
                <SessionCard session={s} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {upcoming.length > 0 && (
        <section aria-labelledby="upcoming-title" className="space-y-3">
          <h2 id="upcoming-title" className="text-xl font-semibold">
            {t("upcoming")}
          </h2>
          <ul className="grid gap-4 md:grid-cols-2">
            {upcoming.map((s) => (
              <li key={s.id}>
                <SessionCard session={s} showDate />
              </li>
            ))}
          </ul>
        </section>
      )}
      <CalendarLink url={calendarUrl} />
    </div>
  );
}
