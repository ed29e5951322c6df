import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { TitledSection } from "@/components/titled-section";
import { sessionWhen } from "@/lib/session-when";
import { loadSessionEnrolments } from "@/server/planning/pages";
import { EnrolmentList } from "../_components/enrolment-list";

export const dynamic = "force-dynamic";
export const metadata = { title: "Inscriptions" };

export default async function SessionEnrolmentsPage(props: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ q?: string }>;
}) {
  const { id } = await props.params;
  const { q } = await props.searchParams;
  const { session, enrolments, candidates, query, now } = await loadSessionEnrolments(id, q);
  const t = await getTranslations("planning.enrolments");
  const tImport = await getTranslations("bulkEnrol");
  const when = sessionWhen(await getLocale(), session.startsAt, session.endsAt, session.timezone);
  const seated = enrolments.filter((e) => e.status !== "waitlisted");
  const waiting = enrolments.filter((e) => e.status === "waitlisted");
  const isClosed = session.cancelledAt !== null || session.endsAt <= now;
  return (
    <div className="space-y-8">
      <Link href="/dsi/inscriptions" className="text-brand-700 underline">
        ← {t("back")}
      </Link>
      <PageHeader title={t("title", { title: session.trainingTitle })}>
        <p className="text-slate-700 first-letter:uppercase">{when}</p>
        <p className="text-slate-700">
          {session.roomName ? `${session.roomName} · ${session.siteName}` : t("remote")} ·{" "}
          {session.trainerName ?? "—"}
        </p>
        <p className="text-lg font-semibold" aria-live="polite">
          {t("seats", { count: session.enrolled, capacity: session.capacity })}
        </p>
        {isClosed && <p className="text-amber-900">{t("closed")}</p>}
        {!isClosed && (
          <p>
            <Link
              href={`/dsi/inscriptions/${session.id}/import`}
              className="font-semibold text-brand-700 underline"
            >
              {tImport("link")}
            </Link>
          </p>
        )}
      </PageHeader>
      <TitledSection id="enrolled-title" title={t("enrolledTitle")} className="space-y-3">
        <EnrolmentList
          label={t("enrolledTitle")}
          sessionId={session.id}
          emptyText={t("none")}
          rows={seated.map((e) => ({
            learnerId: e.learnerId,
            name: e.displayName,
            detail: e.username,
            removeLabel: t("remove", { name: e.displayName }),
          }))}
        />
      </TitledSection>
      {waiting.length > 0 && (
        <TitledSection id="waiting-title" title={t("waitingTitle")} className="space-y-3">
          <EnrolmentList
            label={t("waitingTitle")}
            sessionId={session.id}
            emptyText=""
            ordered
            rows={waiting.map((e) => ({
              learnerId: e.learnerId,
              name: e.displayName,
              detail: e.username,
              addLabel: isClosed ? undefined : t("promote", { name: e.displayName }),
              removeLabel: t("remove", { name: e.displayName }),
            }))}
          />
        </TitledSection>
      )}
      {!isClosed && (
        <TitledSection id="add-title" title={t("addTitle")} className="space-y-3">
          <form method="get" className="flex flex-wrap items-end gap-3" aria-label={t("addTitle")}>
            <FormField
              name="q"
              label={t("search")}
              size="md"
              defaultValue={query}
              minLength={2}
              maxLength={100}
            />
            <button
              type="submit"
              className="rounded-lg border border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700"
            >
              {t("searchSubmit")}
            </button>
          </form>
          <EnrolmentList
            label={t("candidates")}
            sessionId={session.id}
            emptyText={query.length >= 2 ? t("noMatch") : ""}
            rows={candidates.map((c) => ({
              learnerId: c.id,
              name: c.displayName,
              detail: c.username,
              addLabel: t("add", { name: c.displayName }),
            }))}
          />
        </TitledSection>
      )}
    </div>
  );
}
