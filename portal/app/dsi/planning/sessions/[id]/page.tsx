import { weekOf } from "@tremplin/domain/planning";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { loadSessionForm } from "@/server/planning/pages";
import { CancelForm } from "../../_components/cancel-form";
import { SessionForm } from "../../_components/session-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Modifier la session" };

export default async function EditSessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { choices, session, values } = await loadSessionForm(id);
  const t = await getTranslations("planning.form");
  const week = weekOf(values!.startDate);
  return (
    <div className="space-y-6">
      <Link href={`/dsi/planning?semaine=${week}`} className="text-brand-700 underline">
        ← {t("back")}
      </Link>
      <h1 className="text-3xl font-bold">{t("editTitle", { title: session!.trainingTitle })}</h1>
      <p className="flex flex-wrap gap-4">
        <Link href={`/dsi/inscriptions/${id}`} className="font-semibold text-brand-700 underline">
          {t("enrolments", { count: session!.enrolled, capacity: session!.capacity })}
        </Link>
        <Link href={`/formateur/sessions/${id}`} className="font-semibold text-brand-700 underline">
          {t("attendance")}
        </Link>
      </p>
      {session!.cancelledAt ? (
        <p role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {t("cancelled")}
        </p>
      ) : (
        <>
          <SessionForm choices={choices} values={values} sessionId={id} />
          <CancelForm sessionId={id} version={values!.version} week={week} />
        </>
      )}
    </div>
  );
}
