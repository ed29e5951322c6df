import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { buttonClass } from "@/components/button";
import { TitledSection } from "@/components/titled-section";
import { sessionWhen } from "@/lib/session-when";
import { loadTrainingPage } from "@/server/learning/pages";
import { SessionActions } from "../_components/enrolment-form";

export const dynamic = "force-dynamic";
type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(props: Props) {
  return { title: (await loadTrainingPage((await props.params).id)).training.title };
}

export default async function TrainingPage(props: Props) {
  const { id } = await props.params;
  const page = await loadTrainingPage(id);
  const { training, modules, sessions, prerequisites, viewer } = page;
  const t = await getTranslations("training");
  const locale = await getLocale();
  const firstModule = modules[0];
  return (
    <div className="space-y-8">
      <Link href="/catalogue" className="text-brand-700 underline">
        ← {t("back")}
      </Link>
      <header className="space-y-2">
        <p className="font-medium text-brand-700">
          {training.domain} · {training.code}
        </p>
        <h1 className="text-3xl font-bold">{training.title}</h1>
        <p className="max-w-3xl text-lg text-slate-700">{training.summary}</p>
        <p className="text-slate-700">
          {t("facts", { hours: training.durationHours, modules: modules.length })} ·{" "}
          {t(`modalities.${training.modality}`)}
        </p>
        {page.canStudy && firstModule && (
          <Link href={`/apprendre/${firstModule.id}`} className={`inline-block ${buttonClass()}`}>
            {t("study")}
          </Link>
        )}
      </header>
      <div className="grid gap-8 md:grid-cols-2">
        <TitledSection id="objectives-title" title={t("objectives")} size="md" className="space-y-3">
          <ul className="list-disc space-y-1 pl-6">
            {training.objectives.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
          {prerequisites.length > 0 && (
            <>
              <h2 className="pt-3 text-xl font-semibold">{t("prerequisites")}</h2>
              <ul className="space-y-1">
                {prerequisites.map((p) => (
                  <li key={p.code}>
                    {p.title ?? p.code} ({p.code})
                    {p.isDone !== null && (
                      <span
                        className={`ml-2 text-sm font-medium ${p.isDone ? "text-green-800" : "text-amber-800"}`}
                      >
                        {p.isDone ? t("prerequisiteDone") : t("prerequisiteMissing")}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2 className="pt-3 text-xl font-semibold">{t("rules")}</h2>
          <p>
            {t("rulesText", { score: training.rules.passingScorePercent })}{" "}
            {training.rules.maxAttempts === null
              ? t("unlimitedAttempts")
              : t("attempts", { count: training.rules.maxAttempts })}
          </p>
        </TitledSection>
        <TitledSection id="modules-title" title={t("modules")} size="md" className="space-y-3">
          <ol className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
            {modules.map((m) => (
              <li key={m.id} className="flex items-center justify-between gap-3 px-4 py-3">
                <span>
                  {m.position}. {m.title}
                  {!m.isRequired && <span className="ml-2 text-sm text-slate-600">({t("optional")})</span>}
                </span>
                <span className="whitespace-nowrap text-sm text-slate-600">
                  {t(`kinds.${m.kind}`)} · {t("minutes", { count: m.durationMinutes })}
                </span>
              </li>
            ))}
          </ol>
        </TitledSection>
      </div>
      <TitledSection id="sessions-title" title={t("sessions")} size="md" className="space-y-3">
        {viewer === "visitor" && (
          <p>
            <Link
              href={`/connexion?callbackUrl=${encodeURIComponent(`/formations/${training.id}`)}`}
              className="font-semibold text-brand-700 underline"
            >
              {t("signInToEnrol")}
            </Link>
          </p>
        )}
        {sessions.length === 0 ? (
          <p className="rounded-xl border border-slate-200 bg-white p-5">{t("noSession")}</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
            {sessions.map((s) => {
              const when = sessionWhen(locale, s.startsAt, s.endsAt, s.timezone);
              return (
                <li key={s.id} className="flex flex-wrap items-start justify-between gap-4 px-4 py-4">
                  <div className="space-y-1">
                    <p className="font-semibold first-letter:uppercase">{when}</p>
                    <p className="text-slate-700">
                      {s.roomName ? `${s.roomName} · ${s.siteName}` : t("remote")}
                      {s.trainerName && ` · ${t("trainer", { name: s.trainerName })}`}
                    </p>
                    <p className={s.freeSeats > 0 ? "text-green-800" : "text-amber-800"}>
                      {s.freeSeats > 0
                        ? t("freeSeats", { count: s.freeSeats, capacity: s.capacity })
                        : t("full", { waiting: s.waiting })}
                    </p>
                  </div>
                  {viewer === "learner" && (
                    <div className="text-right">
                      {s.myEnrolment && (
                        <p className="mb-2 font-medium">
                          {s.myEnrolment.status === "waitlisted"
                            ? t("youWait", { position: s.myEnrolment.waitingPosition ?? 0 })
                            : t("youAreIn")}
                        </p>
                      )}
                      {!s.isOpen && !s.myEnrolment && <p className="text-slate-600">{t("started")}</p>}
                      <SessionActions
                        trainingId={training.id}
                        sessionId={s.id}
                        enrolmentId={s.myEnrolment?.id ?? null}
                        isWaiting={s.myEnrolment?.status === "waitlisted"}
                        isOpen={s.isOpen}
                        isFull={s.freeSeats === 0}
                        when={when}
                        overlapWarning={
                          s.overlap &&
                          t("overlap", {
                            title: s.overlap.trainingTitle,
                            when: sessionWhen(
                              locale,
                              s.overlap.startsAt,
                              s.overlap.endsAt,
                              s.overlap.timeZone,
                            ),
                          })
                        }
                      />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </TitledSection>
    </div>
  );
}
