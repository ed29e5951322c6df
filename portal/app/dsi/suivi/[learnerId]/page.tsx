import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ColumnHeads } from "@/components/data-table";
import { TitledSection } from "@/components/titled-section";
import { describeSubmission } from "@/lib/readable-details";
import { loadAttemptTimeline } from "@/server/learning/pages";

export const dynamic = "force-dynamic";
export const metadata = { title: "Suivi d'un stagiaire" };

/** IT's one-look answer to "why was my score not retained": the attempt timeline. */
export default async function AttemptTimelinePage(props: { params: Promise<{ learnerId: string }> }) {
  const { learnerId } = await props.params;
  const { learner, attempts, trainings } = await loadAttemptTimeline(learnerId);
  const t = await getTranslations("results.support");
  const status = await getTranslations("player.status");
  const submission = await getTranslations("results.support.submission");
  const format = await getFormatter();
  const scormStatus = (s: string) => (status.has(s) ? status(s as "passed") : s);
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "medium" });
  return (
    <div className="space-y-8">
      <Link href="/dsi/suivi" className="text-brand-700 underline">
        ← {t("back")}
      </Link>
      <header>
        <h1 className="text-3xl font-bold">{learner.displayName}</h1>
        {learner.email && <p className="text-slate-700">{learner.email}</p>}
      </header>
      <TitledSection id="timeline" title={t("timeline")} className="space-y-3">
        {attempts.length === 0 ? (
          <p>{t("noAttempt")}</p>
        ) : (
          <ol className="space-y-3">
            {attempts.map((a) => (
              <li
                key={a.id}
                className={`rounded-xl border bg-white p-4 ${a.isRetained ? "border-slate-200" : "border-amber-300"}`}
              >
                <p className="font-semibold">
                  <time dateTime={a.submittedAt.toISOString()}>{when(a.submittedAt)}</time> —{" "}
                  {a.trainingTitle} · {t("module", { position: a.modulePosition, title: a.moduleTitle })}
                </p>
                <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
                  <dt className="text-slate-600">{t("attempt")}</dt>
                  <dd>
                    {t("attemptValue", {
                      no: a.attemptNo,
                      source: a.source === "quiz" ? t("sourceQuiz") : t("sourceScorm"),
                    })}
                  </dd>
                  <dt className="text-slate-600">{t("version")}</dt>
                  <dd>
                    {t("versionValue", { version: a.contentVersion })}
                    {a.isOutdated && (
                      <span className="ml-2 font-medium text-amber-800">
                        {t("outdated", { current: a.currentContentVersion })}
                      </span>
                    )}
                  </dd>
                  <dt className="text-slate-600">{t("submitted")}</dt>
                  <dd>{describeSubmission(a.submission, submission, scormStatus)}</dd>
                  <dt className="text-slate-600">{t("score")}</dt>
                  <dd>{a.scorePercent} %</dd>
                  <dt className="text-slate-600">{t("rule")}</dt>
                  <dd>
                    {t(`rules.${a.rule.rule}`)} —{" "}
                    {a.isRetained ? t("retained") : <strong>{t("notRetained")}</strong>}
                  </dd>
                  <dt className="text-slate-600">{t("why")}</dt>
                  <dd className="font-medium">{a.explanation}</dd>
                </dl>
              </li>
            ))}
          </ol>
        )}
      </TitledSection>
      <TitledSection id="progress" title={t("progress")} className="space-y-3">
        {trainings.map((tr) => (
          <div
            key={tr.trainingId}
            className="overflow-x-auto rounded-xl border border-slate-200 bg-white p-4"
          >
            <h3 className="mb-2 font-semibold">
              {tr.title} ({tr.code})
            </h3>
            <table className="w-full text-left text-sm">
              <ColumnHeads
                labels={[t("col.module"), t("col.status"), t("col.score"), t("col.time"), t("col.updated")]}
                className="border-b border-slate-200"
                cellClassName="py-1 pr-3"
              />
              <tbody>
                {tr.modules.map((m) => (
                  <tr key={m.id} className="border-b border-slate-100">
                    <td className="py-1 pr-3">
                      {m.position}. {m.title} (v{m.contentVersion})
                    </td>
                    <td className="py-1 pr-3">{status(m.status ?? "not_started")}</td>
                    <td className="py-1 pr-3">{m.scoreRaw === null ? "—" : `${m.scoreRaw} %`}</td>
                    <td className="py-1 pr-3">{Math.round((m.activeSeconds ?? 0) / 60)} min</td>
                    <td className="py-1">{m.updatedAt ? when(m.updatedAt) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </TitledSection>
    </div>
  );
}
