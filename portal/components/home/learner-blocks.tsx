import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { sessionWhen } from "@/lib/session-when";
import type { LearnerHome } from "@/server/home/get-learner-home";
import { ActionLine, HomeCard, HomeList, lineClass, PlaceLine } from "./home-card";

/** The learner's three blocks: next sessions, trainings to continue, latest results. */
export async function LearnerBlocks({ home }: { home: LearnerHome }) {
  const t = await getTranslations("roleHome.learner");
  const locale = await getLocale();
  const format = await getFormatter();
  return (
    <>
      <HomeCard
        id="home-sessions"
        title={t("sessionsTitle")}
        more={
          home.nextSessions.length === 0
            ? { href: "/catalogue", label: t("browse") }
            : { href: "/mes-formations", label: t("allTrainings") }
        }
      >
        <HomeList items={home.nextSessions} empty={t("noSession")}>
          {(s) => (
            <li key={s.enrolmentId} className={lineClass}>
              <p className="font-semibold">{s.trainingTitle}</p>
              <p className="text-slate-800 first-letter:uppercase">
                {sessionWhen(locale, s.startsAt, s.endsAt, s.timezone)}
              </p>
              <PlaceLine at={s} remote={t("remote")} />
              {s.isWaitlisted && (
                <p className="mt-1 inline-block rounded-full border border-amber-300 bg-amber-100 px-2 py-0.5 text-sm text-amber-900">
                  {t("waitlisted")}
                </p>
              )}
            </li>
          )}
        </HomeList>
      </HomeCard>
      <HomeCard id="home-continue" title={t("continueTitle")}>
        <HomeList items={home.toContinue} empty={t("nothingToContinue")}>
          {(m) => (
            <ActionLine
              key={m.href}
              action={{
                href: m.href,
                label: t(m.hasStarted ? "resume" : "start"),
                ariaLabel: t(m.hasStarted ? "resumeLabel" : "startLabel", { title: m.trainingTitle }),
                isPrimary: true,
              }}
            >
              <p className="font-semibold">{m.trainingTitle}</p>
              <p className="text-sm text-slate-700">{t("progress", { percent: m.percent })}</p>
              <div className="mt-1 h-2 w-full rounded-full bg-slate-200" aria-hidden="true">
                <div className="h-2 rounded-full bg-brand-600" style={{ width: `${m.percent}%` }} />
              </div>
            </ActionLine>
          )}
        </HomeList>
      </HomeCard>
      <HomeCard id="home-results" title={t("resultsTitle")}>
        <HomeList items={home.results} empty={t("noResult")}>
          {(r) => (
            <li key={r.id} className={lineClass}>
              <p className="font-semibold">
                {r.moduleTitle} <span className="font-normal text-slate-700">· {r.trainingTitle}</span>
              </p>
              <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="text-lg font-bold">
                  {format.number(r.scorePercent / 100, { style: "percent" })}
                </span>
                <span
                  className={`rounded-full border px-2 py-0.5 text-sm font-medium ${
                    r.isRetained
                      ? "border-green-300 bg-green-100 text-green-900"
                      : "border-slate-300 bg-slate-100 text-slate-800"
                  }`}
                >
                  {t(r.isRetained ? "retained" : "notRetained")}
                </span>
                <span className="text-sm text-slate-700">
                  {t("submitted", { date: format.dateTime(r.submittedAt, { dateStyle: "long" }) })}
                </span>
              </p>
              <Link
                href={r.href}
                aria-label={t("detailsLabel", { title: r.moduleTitle })}
                className="text-sm text-brand-700 underline underline-offset-2"
              >
                {t("details")}
              </Link>
            </li>
          )}
        </HomeList>
      </HomeCard>
    </>
  );
}
