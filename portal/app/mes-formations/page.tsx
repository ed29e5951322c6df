import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { CancelFromList } from "@/app/formations/_components/enrolment-form";
import { loadMyTrainings } from "@/server/learning/pages";

export const dynamic = "force-dynamic";
export const metadata = { title: "Mes formations" };

/** Minutes and hours, the way people say them: "1 h 05", "12 min". */
function duration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")}`;
}

export default async function MyTrainingsPage(props: { searchParams: Promise<{ annulation?: string }> }) {
  const { annulation } = await props.searchParams;
  const { trainings } = await loadMyTrainings();
  const t = await getTranslations("myTrainings");
  const format = await getFormatter();
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold">{t("title")}</h1>
        <p className="text-slate-700">{t("intro")}</p>
      </header>
      {(annulation === "cancelled" || annulation === "promoted") && (
        <p
          role="status"
          className="rounded-lg border border-green-300 bg-green-50 p-3 font-medium text-green-900"
        >
          {t(`cancelled.${annulation}`)}
        </p>
      )}
      {trainings.length === 0 ? (
        <p className="rounded-xl border border-slate-200 bg-white p-5">
          {t("none")}{" "}
          <Link href="/catalogue" className="font-semibold text-brand-700 underline">
            {t("browse")}
          </Link>
        </p>
      ) : (
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
                      <Link href={`/formations/${tr.trainingId}`} className="hover:underline">
                        {tr.title}
                      </Link>
                    </h2>
                  </div>
                  {tr.progress?.nextModuleId && (
                    <Link
                      href={`/apprendre/${tr.progress.nextModuleId}`}
                      className="rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900"
                    >
                      {tr.lastActivityAt ? t("resume") : t("start")}
                    </Link>
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
                        ` · ${t("lastActivity", { date: format.dateTime(tr.lastActivityAt, { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Paris" }) })}`}
                    </p>
                  </div>
                ) : (
                  <p className="text-amber-900">{t("waitingOnly")}</p>
                )}
                <ul className="divide-y divide-slate-100 border-t border-slate-100">
                  {tr.enrolments.map((e) => {
                    const tz = e.timezone;
                    const when = e.startsAt
                      ? `${format.dateTime(e.startsAt, { dateStyle: "full", timeZone: tz })}, ${format.dateTime(e.startsAt, { timeStyle: "short", timeZone: tz })}–${format.dateTime(e.endsAt!, { timeStyle: "short", timeZone: tz })}`
                      : t("selfPaced");
                    return (
                      <li key={e.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                        <div>
                          <p className="first-letter:uppercase">{when}</p>
                          <p className="text-sm text-slate-700">
                            {e.roomName ? `${e.roomName} · ${e.siteName}` : t("remote")} ·{" "}
                            <span className="font-medium">
                              {e.status === "waitlisted"
                                ? t("waiting", { position: e.waitingPosition ?? 0 })
                                : t(`status.${e.status}`)}
                            </span>
                          </p>
                        </div>
                        {e.canCancel && <CancelFromList enrolmentId={e.id} when={when} />}
                      </li>
                    );
                  })}
                </ul>
              </article>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
