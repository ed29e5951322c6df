import { getFormatter, getTranslations } from "next-intl/server";
import { TitledSection } from "@/components/titled-section";
import { loadMyPresenceToConfirm } from "@/server/attendance/pages";
import { ConfirmPresenceForm } from "./confirm-presence-form";

/**
 * The learner's own émargement: for each session with a half-day running (or just ended), a
 * "Je confirme ma présence" button, or when and where the presence was confirmed.
 */
export async function PresenceConfirmations() {
  const open = await loadMyPresenceToConfirm();
  if (open.length === 0) return null;
  const t = await getTranslations("myTrainings.presence");
  const format = await getFormatter();
  return (
    <TitledSection
      id="presence-title"
      title={t("title")}
      size="md"
      className="space-y-3 rounded-xl border border-brand-700 bg-white p-5"
    >
      <ul className="space-y-4">
        {open.map(({ session, halfDay, confirmation }) => {
          const time = (d: Date) =>
            format.dateTime(d, { hour: "2-digit", minute: "2-digit", timeZone: session.timezone });
          return (
            <li key={session.id} className="space-y-2">
              <p>
                <span className="font-semibold">{session.trainingTitle}</span>{" "}
                {t("halfDay", {
                  period: halfDay.period,
                  from: time(halfDay.startsAt),
                  to: time(halfDay.endsAt),
                })}
              </p>
              {confirmation ? (
                <p className="font-medium text-green-800">
                  ✓{" "}
                  {confirmation.kioskLabel
                    ? t("confirmedKiosk", { time: time(confirmation.at), post: confirmation.kioskLabel })
                    : t("confirmedPortal", { time: time(confirmation.at) })}
                </p>
              ) : (
                <>
                  <p className="text-sm text-slate-700">{t("help")}</p>
                  <ConfirmPresenceForm sessionId={session.id} />
                </>
              )}
            </li>
          );
        })}
      </ul>
    </TitledSection>
  );
}
