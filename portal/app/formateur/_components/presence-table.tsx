import { getFormatter, getTranslations } from "next-intl/server";
import type { SessionAttendance } from "@/server/attendance/get-session-attendance";
import { CorrectionForm } from "./correction-form";
import { StatusBadge } from "./status-badge";

/** Who is here now: the post and since when, remote work, the running half-day's status. */
export async function PresenceTable({ attendance }: { attendance: SessionAttendance }) {
  const { session, sheet, live, currentHalfDay, canEdit } = attendance;
  const t = await getTranslations("trainer.presence");
  const format = await getFormatter();
  const tz = session.timezone;
  const time = (d: Date) => format.dateTime(d, { hour: "2-digit", minute: "2-digit", timeZone: tz });
  const half = sheet.halfDays[currentHalfDay];
  const halfDayLabel = (h: (typeof sheet.halfDays)[number]) =>
    `${format.dateTime(h.startsAt, { weekday: "short", day: "numeric", month: "short", timeZone: tz })} · ${t(h.period)}`;
  const options = sheet.halfDays.map((h) => ({ value: h.key, label: halfDayLabel(h) }));
  return (
    <section aria-labelledby="presence-title" className="space-y-3">
      <h2 id="presence-title" className="text-2xl font-semibold">
        {t("title")}
      </h2>
      {half && (
        <p className="text-slate-700">
          {t("halfDay", { label: halfDayLabel(half), from: time(half.startsAt), to: time(half.endsAt) })}
        </p>
      )}
      {sheet.lines.length === 0 ? (
        <p className="rounded-xl border border-slate-200 bg-white p-5">{t("noLearner")}</p>
      ) : (
        <div className="rounded-xl border border-slate-200 bg-white md:overflow-x-auto">
          <table className="block w-full text-left md:table">
            <caption className="sr-only">{t("caption")}</caption>
            <thead className="hidden border-b border-slate-300 bg-slate-50 text-sm text-slate-700 md:table-header-group">
              <tr>
                <th scope="col" className="px-4 py-2">
                  {t("learner")}
                </th>
                <th scope="col" className="px-4 py-2">
                  {t("post")}
                </th>
                <th scope="col" className="px-4 py-2">
                  {t("remote")}
                </th>
                <th scope="col" className="px-4 py-2">
                  {t("status")}
                </th>
                {canEdit && (
                  <th scope="col" className="px-4 py-2">
                    {t("correct")}
                  </th>
                )}
              </tr>
            </thead>
            <tbody className="block md:table-row-group">
              {sheet.lines.map((line) => {
                const now = live.get(line.learner.id);
                const cell = line.cells[currentHalfDay];
                return (
                  <tr
                    key={line.learner.id}
                    className="block border-b border-slate-100 py-2 align-top md:table-row md:py-0"
                  >
                    <th scope="row" className="block px-4 py-1 font-medium md:table-cell md:py-3">
                      {line.learner.displayName}
                      <span className="block text-sm font-normal text-slate-600">
                        {line.learner.username}
                      </span>
                    </th>
                    <td className="block px-4 py-1 md:table-cell md:py-3">
                      <span className="font-medium md:hidden">{t("cellLabel", { label: t("post") })} </span>

                      {now?.onPost
                        ? t("onPost", { post: now.onPost.label, since: time(now.onPost.since) })
                        : now?.lastPost
                          ? t("leftPost", { post: now.lastPost.label, at: time(now.lastPost.endedAt) })
                          : t("neverOnPost")}
                    </td>
                    <td className="block px-4 py-1 md:table-cell md:py-3">
                      <span className="font-medium md:hidden">{t("cellLabel", { label: t("remote") })} </span>

                      {now?.remote
                        ? [
                            now.remote.onlineSince &&
                              t("onlineSince", { since: time(now.remote.onlineSince) }),
                            !now.remote.onlineSince &&
                              now.remote.lastSpan &&
                              t("onlineSpan", {
                                from: time(now.remote.lastSpan.from),
                                to: time(now.remote.lastSpan.to),
                              }),
                            now.remote.activeSeconds > 0 &&
                              t("remoteActivity", {
                                minutes: Math.round(now.remote.activeSeconds / 60),
                                last: now.remote.lastActivityAt
                                  ? format.relativeTime(now.remote.lastActivityAt, attendance.now)
                                  : "—",
                              }),
                          ]
                            .filter(Boolean)
                            .join(" · ")
                        : t("noRemote")}
                    </td>
                    <td className="block px-4 py-1 md:table-cell md:py-3">
                      <span className="font-medium md:hidden">{t("cellLabel", { label: t("status") })} </span>

                      {cell && <StatusBadge status={cell.status} />}
                      {cell?.correction && (
                        <span className="mt-1 block text-sm text-slate-700">
                          {t("corrected", { reason: cell.correction.reason ?? "" })}
                        </span>
                      )}
                    </td>
                    {canEdit && (
                      <td className="block px-4 py-1 md:table-cell md:py-3">
                        <CorrectionForm
                          sessionId={session.id}
                          learnerId={line.learner.id}
                          learnerName={line.learner.displayName}
                          halfDays={options}
                          defaultHalfDay={half?.key ?? ""}
                        />
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
