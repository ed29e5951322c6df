import { formatHours } from "@tremplin/domain/attendance";
import type { GradebookResult, RuleOutcome } from "@tremplin/domain/certification";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { explainAttempt } from "@/lib/explain-attempt";
import { loadSessionGradebookPage } from "@/server/gradebook/pages";

export const dynamic = "force-dynamic";
type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props) {
  const { session } = await loadSessionGradebookPage((await params).id);
  const t = await getTranslations("trainer.gradebook");
  return { title: t("pageTitle", { training: session.trainingTitle }) };
}

/** The trainer's follow-up of a session: every learner's progress, results and attempts. */
export default async function GradebookPage({ params }: Props) {
  const { id } = await params;
  const gradebook = await loadSessionGradebookPage(id);
  const { session, rules, assessed, lines } = gradebook;
  const t = await getTranslations("trainer.gradebook");
  const format = await getFormatter();
  const explain = { locale: await getLocale(), t: await getTranslations("results.explain"), format };
  const tz = session.timezone;
  const when = (d: Date) =>
    format.dateTime(d, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: tz });
  const day = (d: Date) =>
    format.dateTime(d, { day: "numeric", month: "long", year: "numeric", timeZone: tz });
  const unmet = (o: RuleOutcome) => {
    switch (o.rule) {
      case "modules":
        return t("missing.modules", { done: o.doneCount, total: o.requiredCount });
      case "passing_score":
        return t("missing.score", { module: o.moduleTitle, required: o.passingScorePercent });
      case "attendance":
        return t("missing.attendance", {
          attended: formatHours(o.attendedMs),
          required: formatHours(o.requiredMs),
        });
      case "session_ended":
        return t("missing.sessionEnd", { date: day(o.endsAt) });
    }
  };
  const verdict = (r: GradebookResult) =>
    r.isPassed
      ? t("passed")
      : r.status === "failed"
        ? t("failed", { required: r.passingScorePercent })
        : t("toPass", { required: r.passingScorePercent });
  const result = (r: GradebookResult) => (
    <>
      <span className={`block font-semibold ${r.isPassed ? "text-green-800" : "text-slate-900"}`}>
        {verdict(r)}
      </span>
      <span className="block text-slate-700">
        {r.bestScorePercent === null
          ? r.attemptsTotal === 0 && !r.isPassed && t("notTried")
          : t("best", { score: r.bestScorePercent })}
      </span>
      <span className="block text-slate-700">
        {r.maxAttempts === null
          ? t("attemptsUnlimited", { used: r.attemptsUsed })
          : t("attempts", { used: r.attemptsUsed, max: r.maxAttempts })}
      </span>
      {r.last && (
        <span className="mt-1 block text-xs text-slate-700">
          {t(r.last.isRetained ? "lastRetained" : "lastNotRetained", { at: when(r.last.submittedAt) })}{" "}
          {explainAttempt(r.last.rule, r.last.explanation, explain)}
        </span>
      )}
    </>
  );
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <p className="text-sm font-semibold text-brand-700">{session.trainingCode}</p>
        <h1 className="text-3xl font-bold">{t("title")}</h1>
        <p className="text-slate-700">
          {day(session.startsAt) === day(session.endsAt)
            ? t("sessionOneDay", { training: session.trainingTitle, day: day(session.startsAt) })
            : t("session", {
                training: session.trainingTitle,
                from: day(session.startsAt),
                to: day(session.endsAt),
              })}
        </p>
        <p className="max-w-4xl text-slate-700">
          {t("rules", {
            score: rules.passingScorePercent,
            attempts: rules.maxAttempts ?? 0,
            attendance:
              rules.minAttendedMinutes !== null
                ? formatHours(rules.minAttendedMinutes * 60_000)
                : `${rules.minAttendancePercent} %`,
          })}
        </p>
        <div className="flex flex-wrap gap-3 pt-2">
          <a
            href={`/formateur/sessions/${session.id}/suivi.csv`}
            className="rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900"
          >
            {t("exportCsv")}
          </a>
          <Link
            href={`/formateur/sessions/${session.id}`}
            className="rounded-lg border border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50"
          >
            {t("back")}
          </Link>
        </div>
      </header>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t("caption")}</caption>
          <thead className="border-b border-slate-300 bg-slate-50 align-top">
            <tr>
              <th scope="col" className="px-3 py-2">
                {t("learner")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("modules")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("attendance")}
              </th>
              {assessed.map((m) => (
                <th key={m.id} scope="col" className="min-w-56 px-3 py-2">
                  {t("assessment", { position: m.position, title: m.title })}
                </th>
              ))}
              <th scope="col" className="min-w-52 px-3 py-2">
                {t("completion")}
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.length === 0 && (
              <tr>
                <td colSpan={assessed.length + 4} className="px-3 py-4">
                  {t("none")}
                </td>
              </tr>
            )}
            {lines.map((line) => (
              <tr key={line.learner.id} className="border-b border-slate-100 align-top">
                <th scope="row" className="px-3 py-2 font-medium">
                  {line.learner.displayName}
                  <span className="block text-xs font-normal text-slate-600">{line.learner.username}</span>
                </th>
                <td className="px-3 py-2">
                  {t("modulesDone", { done: line.modulesDone, total: line.modulesRequired })}
                </td>
                <td className="px-3 py-2">
                  {line.attendance
                    ? t("attended", {
                        attended: formatHours(line.attendance.attendedMs),
                        planned: formatHours(line.attendance.plannedMs),
                      })
                    : "—"}
                </td>
                {line.results.map((r) => (
                  <td key={r.moduleId} className="px-3 py-2">
                    {result(r)}
                  </td>
                ))}
                <td className="px-3 py-2">
                  {line.completion.isComplete ? (
                    <span className="font-semibold text-green-800">✓ {t("complete")}</span>
                  ) : (
                    <ul className="list-disc space-y-0.5 pl-4 text-slate-800">
                      {line.completion.outcomes
                        .filter((o) => !o.isMet)
                        .map((o) => (
                          <li key={o.rule === "passing_score" ? `${o.rule}:${o.moduleTitle}` : o.rule}>
                            {unmet(o)}
                          </li>
                        ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {assessed.length === 0 && <p className="text-slate-700">{t("noAssessment")}</p>}
    </div>
  );
}
