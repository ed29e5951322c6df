import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { sessionWhen } from "@/lib/session-when";
import { loadBulkImportPage } from "@/server/planning/bulk-enrol/pages";
import { ImportForm } from "./import-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Importer une liste de stagiaires" };

export default async function BulkImportPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const { session } = await loadBulkImportPage(id);
  const t = await getTranslations("bulkEnrol");
  const when = sessionWhen(await getLocale(), session.startsAt, session.endsAt, session.timezone);
  return (
    <div className="max-w-4xl space-y-6">
      <Link href={`/dsi/inscriptions/${session.id}`} className="text-brand-700 underline">
        ← {t("back")}
      </Link>
      <header className="space-y-1">
        <h1 className="text-3xl font-bold">{t("title")}</h1>
        <p className="text-lg font-semibold">{session.trainingTitle}</p>
        <p className="text-slate-700 first-letter:uppercase">{when}</p>
        <p className="font-semibold">{t("seats", { count: session.enrolled, capacity: session.capacity })}</p>
      </header>
      <p className="text-slate-700">{t("intro")}</p>
      <ImportForm
        sessionId={session.id}
        labels={{
          file: t("file"),
          fileHint: t("fileHint"),
          preview: t("preview"),
          previewing: t("previewing"),
          caption: t("caption"),
          colLine: t("colLine"),
          colIdentifier: t("colIdentifier"),
          colResult: t("colResult"),
          confirming: t("confirming"),
          nothingToWrite: t("nothingToWrite"),
          seeEnrolments: t("seeEnrolments"),
        }}
      />
    </div>
  );
}
