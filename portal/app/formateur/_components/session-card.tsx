import type { SessionRow } from "@tremplin/db/queries/planning";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";

/** A session in a trainer's list: when, what, where, how many; the whole card is the link. */
export async function SessionCard({
  session,
  showDate = false,
}: {
  session: SessionRow;
  showDate?: boolean;
}) {
  const t = await getTranslations("trainer.home");
  const format = await getFormatter();
  const time = (d: Date) =>
    format.dateTime(d, { hour: "2-digit", minute: "2-digit", timeZone: session.timezone });
  const date = format.dateTime(session.startsAt, {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: session.timezone,
  });
  return (
    <Link
      href={`/formateur/sessions/${session.id}`}
      className="block rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600"
    >
      <p className="text-sm font-semibold text-brand-700">
        {showDate && <span className="first-letter:uppercase">{date} · </span>}
        {time(session.startsAt)} – {time(session.endsAt)}
      </p>
      <h3 className="mt-1 text-lg font-semibold">{session.trainingTitle}</h3>
      <p className="text-slate-700">
        {session.roomName ? `${session.roomName} · ${session.siteName}` : t("remote")}
      </p>
      <p className="mt-2 text-sm text-slate-700">
        {t("enrolled", { count: session.enrolled, capacity: session.capacity })}
      </p>
    </Link>
  );
}
