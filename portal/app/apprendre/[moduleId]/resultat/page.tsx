import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { ColumnHeads } from "@/components/data-table";
import { TitledSection } from "@/components/titled-section";
import { explainAttempt } from "@/lib/explain-attempt";
import { loadResults } from "@/server/learning/pages";

export const dynamic = "force-dynamic";
type Props = { params: Promise<{ moduleId: string }> };

export async function generateMetadata(props: Props) {
  const results = await loadResults((await props.params).moduleId);
  return { title: (await getTranslations("results"))("title", { title: results.module.title }) };
}

/** The decision and why, in plain words: every attempt with the rule that decided it. */
export default async function ResultPage(props: Props) {
  const { moduleId } = await props.params;
  const results = await loadResults(moduleId);
  const t = await getTranslations("results");
  const format = await getFormatter();
  const explain = { locale: await getLocale(), t: await getTranslations("results.explain"), format };
  const why = (a: (typeof results.attempts)[number]) => explainAttempt(a.rule, a.explanation, explain);
  const latest = results.attempts[0];
  // The site's time zone comes from the i18n request config (i18n/request.ts).
  const when = (d: Date) => format.dateTime(d, { dateStyle: "long", timeStyle: "short" });
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
            {t("latest", { no: latest.attemptNo })} {why(latest)}
          </p>
        )}
        {results.bestScore !== null && <p className="mt-1">{t("best", { score: results.bestScore })}</p>}
      </section>
      <TitledSection id="rules-title" title={t("rulesTitle")} size="md" className="space-y-2">
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
      </TitledSection>
      <TitledSection id="attempts-title" title={t("attemptsTitle")} size="md" className="space-y-3">
        {results.attempts.length === 0 ? (
          <p>{t("noAttempt")}</p>
        ) : (
          // Under 640 px each attempt is a card (label: value), so a phone never scrolls sideways.
          <table className="w-full border-collapse overflow-hidden rounded-xl bg-white text-left max-sm:block">
            <caption className="sr-only">{t("attemptsTitle")}</caption>
            <ColumnHeads
              labels={[t("col.no"), t("col.when"), t("col.score"), t("col.retained"), t("col.why")]}
              className="bg-slate-100 max-sm:sr-only"
            />
            <tbody className="max-sm:block">
              {results.attempts.map((a) => (
                <tr key={a.id} className="border-t border-slate-200 align-top max-sm:block max-sm:py-2">
                  <Cell label={t("cell", { label: t("col.no") })}>{a.attemptNo}</Cell>
                  <Cell label={t("cell", { label: t("col.when") })}>{when(a.submittedAt)}</Cell>
                  <Cell label={t("cell", { label: t("col.score") })}>{a.scorePercent} %</Cell>
                  <Cell label={t("cell", { label: t("col.retained") })}>
                    {a.isRetained ? t("yes") : t("no")}
                  </Cell>
                  <Cell label={t("cell", { label: t("col.why") })}>{why(a)}</Cell>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </TitledSection>
    </div>
  );
}

/** A table cell that names its column when the table is shown as cards (phones). */
function Cell({ label, children }: { label: string; children: ReactNode }) {
  return (
    <td className="px-3 py-2 max-sm:block max-sm:py-0.5">
      <span className="font-semibold sm:hidden">{label}</span>
      {children}
    </td>
  );
}
