"use client";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { buttonClass } from "@/components/button";
import { sessionWhen } from "@/lib/session-when";
import type { MyCertification } from "@/server/certificates/list-my-certification";
import type { MyTraining } from "@/server/learning/list-my-trainings";
import { CertificationPanel } from "./certification-panel";

/** Minutes and hours, the way people say them: "1 h 05", "12 min". */
function duration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * The learner's trainings, one card each. A client component although it has no state: the
 * server then sends the data once, not a serialised element tree next to the same HTML, which
 * halves the rendering cost of the page every learner opens (bench/portal-load.ts). For the same
 * reason links are plain anchors (next/link costs some 50 µs of server time each) and cancelling
 * goes through a confirmation page instead of a form per row.
 */
export function MyTrainingsList({
  trainings,
  certification,
}: {
  trainings: MyTraining[];
  certification: Record<string, MyCertification>;
}) {
  const t = useTranslations("myTrainings");
  const format = useFormatter();
  const locale = useLocale();
  return (
    <ul className="space-y-6">
      {trainings.map((tr) => (
        <li key={tr.trainingId} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <article aria-labelledby={`tr-${tr.trainingId}`} className="space-y-4">
            <header className="flex flex-wrap items-start justify-between gap-3">
              <div>
                <p className="text-sm font-medium text-brand-700">
                  {tr.domain} · {tr.code}
                </p>
                <h2 id={`tr-${tr.trainingId}`} className="text-xl font-semibold">
                  <a href={`/formations/${tr.trainingId}`} className="hover:underline">
                    {tr.title}
                  </a>
                </h2>
              </div>
              {tr.progress?.nextModuleId && (
                <a href={`/apprendre/${tr.progress.nextModuleId}`} className={buttonClass()}>
                  {tr.lastActivityAt ? t("resume") : t("start")}
                </a>
              )}
            </header>
            {tr.progress ? (
              <div className="space-y-1">
                <div
                  role="progressbar"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={tr.progress.percent}
                  aria-label={t("progressLabel", { title: tr.title })}
                  className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
                >
                  <div className="h-full bg-brand-600" style={{ width: `${tr.progress.percent}%` }} />
                </div>
                <p className="text-sm text-slate-700">
                  {tr.progress.isComplete
                    ? t("complete")
                    : t("progress", {
                        done: tr.progress.doneCount,
                        total: tr.progress.requiredCount,
                        percent: tr.progress.percent,
                      })}
                  {" · "}
                  {t("activeTime", { time: duration(tr.activeSeconds) })}
                  {tr.lastActivityAt &&
                    ` · ${t("lastActivity", { date: format.dateTime(tr.lastActivityAt, { dateStyle: "medium", timeStyle: "short" }) })}`}
                </p>
              </div>
            ) : (
              <p className="text-amber-900">{t("waitingOnly")}</p>
            )}
            <CertificationPanel certification={certification[tr.trainingId]} />
            <ul className="divide-y divide-slate-100 border-t border-slate-100">
              {tr.enrolments.map((e) => {
                const when =
                  e.startsAt && e.endsAt
                    ? sessionWhen(locale, e.startsAt, e.endsAt, e.timezone)
                    : t("selfPaced");
                return (
                  <li
                    key={e.id}
                    className={`flex flex-wrap items-center justify-between gap-3 py-3 ${e.isPast ? "text-slate-600" : ""}`}
                  >
                    <div>
                      <p className="first-letter:uppercase">
                        {when}
                        {e.isPast && (
                          <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-800">
                            {t("past")}
                          </span>
                        )}
                      </p>
                      <p className="text-sm text-slate-700">
                        {e.roomName ? `${e.roomName} · ${e.siteName}` : t("remote")} ·{" "}
                        {e.sessionCancelled ? (
                          <span className="font-medium text-red-800">{t("sessionCancelled")}</span>
                        ) : (
                          <span className="font-medium">
                            {e.status === "waitlisted"
                              ? t("waiting", { position: e.waitingPosition ?? 0 })
                              : t(`status.${e.status}`)}
                          </span>
                        )}
                      </p>
                    </div>
                    {e.canCancel && (
                      <a
                        href={`/mes-formations/annulation/${e.id}`}
                        // WCAG 2.5.3: the accessible name starts with the visible text.
                        aria-label={`${t(e.status === "waitlisted" ? "leaveWaitingList" : "cancel")} — ${when}`}
                        className={buttonClass("secondary")}
                      >
                        {t(e.status === "waitlisted" ? "leaveWaitingList" : "cancel")}
                      </a>
                    )}
                  </li>
                );
              })}
            </ul>
          </article>
        </li>
      ))}
    </ul>
  );
}
