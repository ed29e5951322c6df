import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { loadSessionAttendancePage } from "@/server/attendance/pages";
import { loadSessionCertificates } from "@/server/certificates/pages";
import { AutoRefresh } from "../../_components/auto-refresh";
import { NotesForm } from "../../_components/notes-form";
import { PresenceTable } from "../../_components/presence-table";
import { SessionCertificates } from "../../_components/session-certificates";
import { SheetGrid } from "../../_components/sheet-grid";

export const dynamic = "force-dynamic";
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { session } = await loadSessionAttendancePage((await params).id);
  return { title: `Émargement — ${session.trainingTitle}` };
}

export default async function SessionAttendancePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const attendance = await loadSessionAttendancePage(id);
  const { session, canEdit } = attendance;
  const { certificates, canManage } = await loadSessionCertificates(id);
  const t = await getTranslations("trainer.session");
  const format = await getFormatter();
  const tz = session.timezone;
  const day = (d: Date) =>
    format.dateTime(d, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: tz });
  const time = (d: Date) => format.dateTime(d, { hour: "2-digit", minute: "2-digit", timeZone: tz });
  const sameDay = day(session.startsAt) === day(session.endsAt);
  return (
    <div className="space-y-10">
      <header className="space-y-2">
        <p className="text-sm font-semibold text-brand-700">{session.trainingCode}</p>
        <h1 className="text-3xl font-bold">{session.trainingTitle}</h1>
        <p className="text-slate-700 first-letter:uppercase">
          {sameDay
            ? t("oneDay", {
                day: day(session.startsAt),
                from: time(session.startsAt),
                to: time(session.endsAt),
              })
            : t("manyDays", {
                first: day(session.startsAt),
                last: day(session.endsAt),
                from: time(session.startsAt),
                to: time(session.endsAt),
              })}
        </p>
        <p className="text-slate-700">
          {session.roomName ? `${session.roomName} · ${session.siteName} (${session.siteCity})` : t("remote")}{" "}
          · {t("trainer", { name: session.trainerName ?? "—" })}
        </p>
        {session.cancelledAt && (
          <p role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-900">
            {t("cancelled")}
          </p>
        )}
        <div className="flex flex-wrap gap-3 pt-2">
          <a
            href={`/formateur/sessions/${session.id}/feuille-emargement.pdf`}
            className="rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900"
          >
            {t("exportPdf")}
          </a>
          <a
            href={`/formateur/sessions/${session.id}/feuille-emargement.csv`}
            className="rounded-lg border border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50"
          >
            {t("exportCsv")}
          </a>
          {/* The session's trainer and IT: those the gradebook is for. */}
          {canManage && (
            <Link
              href={`/formateur/sessions/${session.id}/suivi`}
              className="rounded-lg border border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50"
            >
              {t("gradebook")}
            </Link>
          )}
        </div>
        {!canEdit && <p className="text-sm text-slate-700">{t("readOnly")}</p>}
      </header>
      <AutoRefresh seconds={30} label={t("refreshing")} />
      <PresenceTable attendance={attendance} />
      <SheetGrid attendance={attendance} />
      <SessionCertificates sessionId={session.id} certificates={certificates} canManage={canManage} />
      <NotesForm sessionId={session.id} notes={session.notes} canEdit={canEdit} />
    </div>
  );
}
