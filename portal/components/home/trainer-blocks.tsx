import { getFormatter, getTranslations } from "next-intl/server";
import type { TrainerHome } from "@/server/home/get-trainer-home";
import { ActionLine, HomeCard, HomeList, PlaceLine } from "./home-card";

/** The trainer's two blocks: today's sessions, and the half-days that wait for their validation. */
export async function TrainerBlocks({ home }: { home: TrainerHome }) {
  const t = await getTranslations("roleHome.trainer");
  const format = await getFormatter();
  const time = (d: Date, timeZone: string) =>
    format.dateTime(d, { hour: "2-digit", minute: "2-digit", timeZone });
  // A half-day's date is a calendar day already (the site's): read at noon UTC, it is that day anywhere.
  const day = (date: string) =>
    format.dateTime(new Date(`${date}T12:00:00Z`), {
      weekday: "long",
      day: "numeric",
      month: "long",
      timeZone: "UTC",
    });
  return (
    <>
      <HomeCard
        id="home-today"
        title={t("todayTitle")}
        more={{ href: "/formateur", label: t("allSessions") }}
      >
        <HomeList items={home.today} empty={t("noSessionToday")}>
          {(s) => (
            <ActionLine
              key={s.id}
              action={{
                href: `/formateur/sessions/${s.id}`,
                label: t("attendance"),
                ariaLabel: t("attendanceLabel", { title: s.trainingTitle }),
              }}
            >
              <p className="text-sm font-semibold text-brand-700">
                {time(s.startsAt, s.timezone)} – {time(s.endsAt, s.timezone)}
              </p>
              <p className="font-semibold">{s.trainingTitle}</p>
              <PlaceLine at={s} remote={t("remote")} />
            </ActionLine>
          )}
        </HomeList>
      </HomeCard>
      <HomeCard
        id="home-to-validate"
        title={t("toValidateTitle")}
        more={
          home.sessionsToValidate > home.toValidate.length
            ? {
                href: "/formateur",
                label: t("moreToValidate", { count: home.sessionsToValidate - home.toValidate.length }),
              }
            : undefined
        }
      >
        <HomeList items={home.toValidate} empty={t("nothingToValidate")}>
          {(s) => (
            <ActionLine
              key={s.sessionId}
              action={{
                href: `/formateur/sessions/${s.sessionId}`,
                label: t("validate"),
                ariaLabel: t("validateLabel", { title: s.trainingTitle }),
              }}
            >
              <p className="font-semibold">{s.trainingTitle}</p>
              <PlaceLine at={s} remote={t("remote")} />
              <ul className="mt-1 text-sm text-slate-800">
                {s.halfDays.map((h) => (
                  <li key={`${h.date}:${h.period}`} className="first-letter:uppercase">
                    {t("halfDay", { date: day(h.date), period: h.period })}
                  </li>
                ))}
              </ul>
            </ActionLine>
          )}
        </HomeList>
      </HomeCard>
    </>
  );
}
