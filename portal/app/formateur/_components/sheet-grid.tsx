import { formatHours } from "@tremplin/domain/attendance";
import { getFormatter, getTranslations } from "next-intl/server";
import type { SessionAttendance } from "@/server/attendance/get-session-attendance";
import { MarkAllForm } from "./mark-all-form";
import { StatusBadge } from "./status-badge";
import { ValidateForm } from "./validate-form";

type Cell = SessionAttendance["sheet"]["lines"][number]["cells"][number];

/** A trainee whom nothing places in the room: no evidence, no correction (absent by default). */
function isUnconfirmed(cell: Cell | undefined): boolean {
  return !!cell && !cell.correction && cell.evidence.length === 0 && cell.status !== "upcoming";
}

/** The attendance sheet on screen: learners × half-days, evidence in each cell, validations on top. */
export async function SheetGrid({ attendance }: { attendance: SessionAttendance }) {
  const { session, sheet, canEdit, now } = attendance;
  const t = await getTranslations("trainer.sheet");
  const format = await getFormatter();
  const tz = session.timezone;
  const time = (d: Date) => format.dateTime(d, { hour: "2-digit", minute: "2-digit", timeZone: tz });
  const day = (d: Date) =>
    format.dateTime(d, { weekday: "short", day: "numeric", month: "short", timeZone: tz });
  const evidence = (r: SessionAttendance["sheet"]["lines"][number]["cells"][number]["evidence"][number]) => {
    const span = r.endedAt
      ? `${time(r.startedAt)}–${time(r.endedAt)}`
      : t("since", { time: time(r.startedAt) });
    if (r.source === "kiosk") return t("kiosk", { post: r.kioskLabel ?? "?", span });
    if (r.source === "remote") return t("remote", { span });
    return r.kioskLabel
      ? t("confirmedKiosk", { time: time(r.startedAt), post: r.kioskLabel })
      : t("confirmedPortal", { time: time(r.startedAt) });
  };
  const notPresent = (i: number) =>
    sheet.lines.filter((l) => l.cells[i]?.status !== "present").map((l) => l.learner.displayName);
  return (
    <section aria-labelledby="sheet-title" className="space-y-3">
      <h2 id="sheet-title" className="text-2xl font-semibold">
        {t("title")}
      </h2>
      <p className="max-w-3xl text-slate-700">{t("intro", { planned: formatHours(sheet.plannedMs) })}</p>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t("caption")}</caption>
          <thead className="border-b border-slate-300 bg-slate-50 align-top">
            <tr>
              <th scope="col" className="px-3 py-2">
                {t("learner")}
              </th>
              {sheet.halfDays.map((h, i) => (
                <th key={h.key} scope="col" className="min-w-44 px-3 py-2">
                  <span className="block">
                    {day(h.startsAt)} · {t(h.period)}
                  </span>
                  <span className="block font-normal text-slate-600">
                    {time(h.startsAt)}–{time(h.endsAt)}
                  </span>
                  {h.validation ? (
                    <span className="mt-1 block font-normal text-green-800">
                      ✓{" "}
                      {t("validatedBy", {
                        name: h.validation.validatedByName,
                        at: `${day(h.validation.validatedAt)} ${time(h.validation.validatedAt)}`,
                      })}
                    </span>
                  ) : canEdit && h.endsAt <= now ? (
                    <ValidateForm
                      sessionId={session.id}
                      date={h.date}
                      period={h.period}
                      label={t("validate", { label: `${day(h.startsAt)} · ${t(h.period)}` })}
                      unconfirmed={sheet.lines
                        .filter((l) => isUnconfirmed(l.cells[i]))
                        .map((l) => l.learner.displayName)}
                    />
                  ) : canEdit && h.startsAt <= now ? (
                    <span className="mt-1 block font-normal text-slate-600">
                      {t("validateFrom", { time: time(h.endsAt) })}
                    </span>
                  ) : (
                    <span className="mt-1 block font-normal text-slate-600">{t("notValidated")}</span>
                  )}
                  {/* Kept once everyone is present, so that its outcome stays until the validation. */}
                  {canEdit && h.startsAt <= now && !(h.validation && notPresent(i).length === 0) && (
                    <MarkAllForm
                      sessionId={session.id}
                      date={h.date}
                      period={h.period}
                      label={t("markAll", { label: `${day(h.startsAt)} · ${t(h.period)}` })}
                      names={notPresent(i)}
                    />
                  )}
                </th>
              ))}
              <th scope="col" className="px-3 py-2">
                {t("total")}
              </th>
            </tr>
          </thead>
          <tbody>
            {sheet.lines.length === 0 && (
              <tr>
                <td colSpan={sheet.halfDays.length + 2} className="px-3 py-4">
                  {t("noLearner")}
                </td>
              </tr>
            )}
            {sheet.lines.map((line) => (
              <tr key={line.learner.id} className="border-b border-slate-100 align-top">
                <th scope="row" className="px-3 py-2 font-medium">
                  {line.learner.displayName}
                </th>
                {line.cells.map((cell, i) => (
                  <td key={sheet.halfDays[i]!.key} className="px-3 py-2">
                    <StatusBadge status={cell.status} />{" "}
                    <span className="text-slate-700">{formatHours(cell.retainedMs)}</span>
                    <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
                      {cell.evidence.map((r) => (
                        <li key={r.id}>{evidence(r)}</li>
                      ))}
                      {cell.correction && (
                        <li className="text-amber-900">
                          {t("correction", {
                            by: cell.correction.recordedByName ?? "?",
                            reason: cell.correction.reason ?? "",
                          })}
                        </li>
                      )}
                    </ul>
                  </td>
                ))}
                <td className="px-3 py-2 font-semibold">{formatHours(line.retainedMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
