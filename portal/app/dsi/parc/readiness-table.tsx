import { getFormatter, getTranslations } from "next-intl/server";
import { DataTable } from "@/components/data-table";
import type { RoomTomorrow } from "@/server/fleet/get-fleet-health";

const stateStyle = {
  ready: "bg-green-100 text-green-900",
  partial: "bg-amber-100 text-amber-900",
  not_ready: "bg-red-100 text-red-900",
  no_session: "bg-slate-100 text-slate-800",
} as const;

export async function ReadinessTable({ rooms }: { rooms: RoomTomorrow[] }) {
  const t = await getTranslations("fleet.park");
  const format = await getFormatter();
  if (rooms.length === 0) return <p className="mt-2 text-slate-700">{t("noSessionTomorrow")}</p>;
  return (
    <DataTable
      columns={[t("colRoom"), t("colSessions"), t("colReadyPosts"), t("colReadiness")]}
      className="mt-3"
    >
      {rooms.map((r) => (
        <tr key={r.roomId} className="border-b border-slate-100 align-top">
          <th scope="row" className="px-3 py-2">
            {r.roomName}
            <span className="block font-normal text-slate-600">{r.siteName}</span>
          </th>
          <td className="px-3 py-2">
            <ul>
              {r.sessions.map((s) => (
                <li key={`${s.title}-${s.startsAt.toISOString()}`}>
                  {format.dateTime(s.startsAt, { hour: "2-digit", minute: "2-digit" })} · {s.title} ·{" "}
                  {s.master ? `${s.master.name} ${s.master.version}` : t("noMaster")} ·{" "}
                  {t("enrolled", { count: s.enrolled })}
                </li>
              ))}
            </ul>
          </td>
          <td className="px-3 py-2">
            {r.readiness.readyPosts} / {r.readiness.activePosts}
          </td>
          <td className="px-3 py-2">
            <span
              className={`rounded-full px-2 py-0.5 text-xs font-semibold ${stateStyle[r.readiness.state]}`}
            >
              {t(`readiness.${r.readiness.state}`)}
            </span>
            {r.readiness.reasons.length > 0 && (
              <ul className="mt-1 list-disc pl-5 text-slate-800">
                {r.readiness.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
