import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { sessionWhen } from "@/lib/session-when";
import { loadCancellation } from "@/server/learning/pages";
import { ConfirmCancel } from "../../_components/confirm-cancel";

export const dynamic = "force-dynamic";
export const metadata = { title: "Annuler une inscription" };

/** Cancelling is asked twice: what is cancelled, and what becomes of the seat, before the button. */
export default async function CancelEnrolmentPage(props: { params: Promise<{ enrolmentId: string }> }) {
  const { enrolmentId } = await props.params;
  const { enrolment: e, refusal } = await loadCancellation(enrolmentId);
  const t = await getTranslations("myTrainings.cancelPage");
  const when =
    e.startsAt && e.endsAt
      ? sessionWhen(await getLocale(), e.startsAt, e.endsAt, e.timezone)
      : t("selfPaced");
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-3xl font-bold">{t(e.status === "waitlisted" ? "titleWaiting" : "title")}</h1>
      <dl className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
        <div>
          <dt className="text-sm font-medium text-slate-700">{t("training")}</dt>
          <dd className="font-semibold">
            {e.trainingTitle} ({e.trainingCode})
          </dd>
        </div>
        <div>
          <dt className="text-sm font-medium text-slate-700">{t("when")}</dt>
          <dd className="first-letter:uppercase">{when}</dd>
        </div>
        <div>
          <dt className="text-sm font-medium text-slate-700">{t("where")}</dt>
          <dd>{e.roomName ? `${e.roomName} · ${e.siteName}` : t("remote")}</dd>
        </div>
      </dl>
      {refusal ? (
        <p
          role="alert"
          className="rounded-lg border border-amber-300 bg-amber-50 p-3 font-medium text-amber-900"
        >
          {refusal}
        </p>
      ) : (
        <>
          <p>
            {e.status === "waitlisted"
              ? t("leavesWaitingList")
              : e.sessionId
                ? t("freesSeat")
                : t("leavesTraining")}
          </p>
          <ConfirmCancel enrolmentId={e.id} isWaiting={e.status === "waitlisted"} />
        </>
      )}
      <Link href="/mes-formations" className="inline-block font-semibold text-brand-700 underline">
        {refusal ? t("back") : t(e.status === "waitlisted" ? "keepWaiting" : "keep")}
      </Link>
    </div>
  );
}
