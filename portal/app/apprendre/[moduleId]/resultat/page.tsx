import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { loadResults } from "@/server/learning/pages";

export const dynamic = "force-dynamic";
export const metadata = { title: "Résultat" };

/** The decision and why, in plain words: every attempt with the rule that decided it. */
export default async function ResultPage(props: { params: Promise<{ moduleId: string }> }) {
  const { moduleId } = await props.params;
  const results = await loadResults(moduleId);
  const t = await getTranslations("results");
  const format = await getFormatter();
  const latest = results.attempts[0];
  const when = (d: Date) =>
    format.dateTime(d, { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });
  const verdict = results.status === "passed" ? "passed" : results.status === "failed" ? "failed" : "pending";
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <Link href={`/apprendre/${results.module.id}`} className="text-brand-700 underline">
        ← {t("back", { title: results.module.title })}
      </Link>
      <header className="space-y-2">
        <p className="text-sm font-medium text-brand-700">{results.module.trainingTitle}</p>
        <h1 className="text-3xl font-bold">{t("title", { title: results.module.title })}</h1>
      </header>
      <section
        aria-labelledby="verdict"
        className={`rounded-xl border p-6 ${verdict === "passed" ? "border-green-300 bg-green-50" : verdict === "failed" ? "border-red-300 bg-red-50" : "border-slate-200 bg-white"}`}
      >
        <h2 id="verdict" className="text-2xl font-bold">
          {t(`verdict.${verdict}`)}
        </h2>
        {latest && (
          <p className="mt-2 text-lg" data-testid="latest-explanation">
            {t("latest", { no: latest.attemptNo })} {latest.explanation}
          </p>
        )}
        {results.bestScore !== null && <p className="mt-1">{t("best", { score: results.bestScore })}</p>}
      </section>
      <section aria-labelledby="rules-title" className="space-y-2">
        <h2 id="rules-title" className="text-xl font-semibold">
          {t("rulesTitle")}
        </h2>
        <ul className="list-disc space-y-1 pl-6">
          <li>{t("rulePassing", { score: results.rules.passingScorePercent })}</li>
          <li>
            {results.rules.maxAttempts === null
              ? t("ruleUnlimited")
              : t("ruleAttempts", { max: results.rules.maxAttempts, left: results.attemptsLeft ?? 0 })}
          </li>
          <li>
            {results.rules.deadline
              ? t("ruleDeadline", { date: when(results.rules.deadline) })
              : t("ruleNoDeadline")}
          </li>
          <li>{t("ruleModules")}</li>
        </ul>
      </section>
      <section aria-labelledby="attempts-title" className="space-y-3">
        <h2 id="attempts-title" className="text-xl font-semibold">
          {t("attemptsTitle")}
        </h2>
        {results.attempts.length === 0 ? (
          <p>{t("noAttempt")}</p>
        ) : (
          <table className="w-full border-collapse overflow-hidden rounded-xl bg-white text-left">
            <caption className="sr-only">{t("attemptsTitle")}</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("col.no")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("col.when")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("col.score")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("col.retained")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("col.why")}
                </th>
              </tr>
            </thead>
            <tbody>
              {results.attempts.map((a) => (
                <tr key={a.id} className="border-t border-slate-200 align-top">
                  <td className="px-3 py-2">{a.attemptNo}</td>
                  <td className="px-3 py-2">{when(a.submittedAt)}</td>
                  <td className="px-3 py-2">{a.scorePercent} %</td>
                  <td className="px-3 py-2">{a.isRetained ? t("yes") : t("no")}</td>
                  <td className="px-3 py-2">{a.explanation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
