import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { getPlanningWeek } from "@/server/planning/get-planning-week";

type Calendar = Awaited<ReturnType<typeof getPlanningWeek>>["calendar"];

/** Seven days side by side on a wide screen, one under the other on a phone. */
export async function WeekCalendar({
  calendar,
  highlight,
}: {
  calendar: Calendar;
  highlight?: string | undefined;
}) {
  const t = await getTranslations("planning.week");
  const format = await getFormatter();
  return (
    <ol className="grid gap-3 lg:grid-cols-7" aria-label={t("calendarLabel")}>
      {calendar.map((day) => (
        <li key={day.date} className="min-h-32 rounded-xl border border-slate-200 bg-white p-2">
          <h3 className="flex items-baseline justify-between border-b border-slate-200 pb-1 text-sm font-semibold first-letter:uppercase">
            <span>{format.dateTime(day.startsAt, { weekday: "long", day: "numeric", month: "short" })}</span>
            <Link
              href={`/dsi/planning/nouvelle?date=${day.date}`}
              className="text-brand-700"
              aria-label={t("addOn", { day: day.date })}
            >
              +
            </Link>
          </h3>
          {day.sessions.length === 0 ? (
            <p className="pt-2 text-xs text-slate-600">{t("free")}</p>
          ) : (
            <ul className="space-y-2 pt-2">
              {day.sessions.map(({ session, startsAt, endsAt }) => {
                const tz = session.timezone;
                const time = (d: Date) =>
                  format.dateTime(d, { hour: "2-digit", minute: "2-digit", timeZone: tz });
                const full = session.enrolled >= session.capacity;
                return (
                  <li
                    key={session.id}
                    className={`rounded-lg border p-2 text-xs ${highlight === session.id ? "border-brand-600 bg-brand-50" : "border-slate-200 bg-slate-50"}`}
                  >
                    <p className="font-semibold text-brand-900">
                      {time(startsAt)}–{time(endsAt)}
                    </p>
                    <Link
                      href={`/dsi/planning/sessions/${session.id}`}
                      className="line-clamp-3 font-medium text-slate-900 underline"
                      title={session.trainingTitle}
                    >
                      {session.trainingTitle}
                    </Link>
                    {/* Whole names, wrapped: a truncated "Salle Toulouse-L…" cannot be told apart. */}
                    <p className="break-words text-slate-700 [overflow-wrap:anywhere]">
                      {session.roomName ? `${session.roomName} · ${session.siteName}` : t("remote")}
                    </p>
                    <p className="break-words text-slate-700">{session.trainerName ?? t("noTrainer")}</p>
                    <p className="mt-1 flex flex-wrap gap-x-2">
                      <Link
                        href={`/dsi/inscriptions/${session.id}`}
                        className={`underline ${full ? "font-semibold text-red-800" : "text-brand-700"}`}
                        aria-label={t("seatsLabel", {
                          count: session.enrolled,
                          capacity: session.capacity,
                          title: session.trainingTitle,
                        })}
                      >
                        {session.enrolled}/{session.capacity}
                      </Link>
                      <Link
                        href={`/formateur/sessions/${session.id}`}
                        className="text-brand-700 underline"
                        aria-label={t("attendanceLabel", { title: session.trainingTitle })}
                      >
                        {t("attendance")}
                      </Link>
                    </p>
                  </li>
                );
              })}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
