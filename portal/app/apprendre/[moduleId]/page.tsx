import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { loadPlayer } from "@/server/learning/pages";
import { ActivityTracker } from "../_components/activity-tracker";
import { CompleteForm } from "../_components/complete-form";
import { Markdown } from "../_components/markdown";
import { OpenResource } from "../_components/open-link";
import { QuizForm } from "../_components/quiz-form";
import { ScormPlayer } from "../_components/scorm-player";

export const dynamic = "force-dynamic";
type Props = { params: Promise<{ moduleId: string }> };

export async function generateMetadata(props: Props) {
  return { title: (await loadPlayer((await props.params).moduleId)).module.title };
}

const doneStatuses = new Set(["completed", "passed"]);

export default async function ModulePage(props: Props) {
  const { moduleId } = await props.params;
  const player = await loadPlayer(moduleId);
  const { module, content, siblings } = player;
  const t = await getTranslations("player");
  const isDone = doneStatuses.has(player.status);
  const index = siblings.findIndex((s) => s.id === module.id);
  const previous = siblings[index - 1];
  const next = siblings[index + 1];
  return (
    <div className="grid gap-8 lg:grid-cols-[16rem_1fr]">
      <ActivityTracker moduleId={module.id} />
      <nav aria-label={t("outline")} className="order-last lg:order-first">
        <p className="mb-2 font-semibold">
          <Link href="/mes-formations" className="text-brand-700 underline">
            {t("myTrainings")}
          </Link>{" "}
          › {module.trainingTitle}
        </p>
        <ol className="space-y-1">
          {siblings.map((s) => (
            <li key={s.id}>
              <Link
                href={`/apprendre/${s.id}`}
                aria-current={s.id === module.id ? "page" : undefined}
                className={`flex items-center justify-between gap-2 rounded px-2 py-1.5 ${s.id === module.id ? "bg-brand-100 font-semibold" : "hover:bg-slate-100"}`}
              >
                <span>
                  {s.position}. {s.title}
                </span>
                <span className="whitespace-nowrap text-xs text-slate-700">{t(`status.${s.status}`)}</span>
              </Link>
            </li>
          ))}
        </ol>
      </nav>
      <article className="min-w-0 space-y-6">
        <header className="space-y-1">
          <p className="text-sm font-medium text-brand-700">
            {t("moduleOf", { position: module.position, total: siblings.length })} ·{" "}
            {t(`kinds.${module.kind}`)} · {t("minutes", { count: module.durationMinutes })}
          </p>
          <h1 className="text-3xl font-bold">{module.title}</h1>
          <p className="text-sm text-slate-700" data-testid="module-status">
            {t(`status.${player.status}`)}
          </p>
        </header>
        {content.kind === "page" && (
          <>
            <div className="rounded-xl border border-slate-200 bg-white p-6">
              <Markdown source={content.body} />
            </div>
            <CompleteForm moduleId={module.id} isDone={isDone} />
          </>
        )}
        {content.kind === "link" && (
          <OpenResource moduleId={module.id} href={content.url} label={content.label} isDone={isDone} />
        )}
        {content.kind === "file" && (
          <OpenResource
            moduleId={module.id}
            href={content.href}
            label={t("download", { name: content.fileName })}
            isDone={isDone}
            download
          />
        )}
        {content.kind === "quiz" && (
          <>
            <p>
              {t("quiz.rules", { score: content.passingScorePercent })}{" "}
              {content.maxAttempts === null
                ? t("quiz.unlimited")
                : t("quiz.attemptsLeft", {
                    left: Math.max(0, content.maxAttempts - content.attemptsUsed),
                    max: content.maxAttempts,
                  })}{" "}
              {content.attemptsUsed > 0 && (
                <Link href={`/apprendre/${module.id}/resultat`} className="text-brand-700 underline">
                  {t("quiz.seeResults")}
                </Link>
              )}
            </p>
            {content.maxAttempts !== null && content.attemptsUsed >= content.maxAttempts ? (
              <p role="status" className="rounded-lg border border-slate-300 bg-white p-4">
                {t("quiz.closed", { max: content.maxAttempts })}
              </p>
            ) : (
              <QuizForm
                moduleId={module.id}
                clientKey={content.clientKey}
                questions={content.quiz.questions}
              />
            )}
          </>
        )}
        {content.kind === "scorm" && (
          <>
            <ScormPlayer
              scormVersion={content.scormVersion}
              launchUrl={content.launchUrl}
              commitUrl={content.commitUrl}
              startValues={content.startValues}
              title={module.title}
            />
            <Link href={`/apprendre/${module.id}/resultat`} className="text-brand-700 underline">
              {t("scorm.results")}
            </Link>
          </>
        )}
        {content.kind === "unavailable" && (
          <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-900">
            {t("unavailable")}
          </p>
        )}
        <nav aria-label={t("pager")} className="flex justify-between border-t border-slate-200 pt-4">
          {previous ? (
            <Link href={`/apprendre/${previous.id}`} className="text-brand-700 underline">
              ← {previous.title}
            </Link>
          ) : (
            <span />
          )}
          {next && (
            <Link href={`/apprendre/${next.id}`} className="text-brand-700 underline">
              {next.title} →
            </Link>
          )}
        </nav>
      </article>
    </div>
  );
}
