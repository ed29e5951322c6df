import { laSalle } from "@tremplin/domain/french";
import { getFormatter, getTranslations } from "next-intl/server";
import { ColumnHeads } from "@/components/data-table";
import { AddKioskForm } from "@/components/fleet/add-kiosk-form";
import { AddRoomForm } from "@/components/fleet/add-room-form";
import { IssueCodeForm } from "@/components/fleet/issue-code-form";
import { RevokeForm } from "@/components/fleet/revoke-form";
import { StatusBadge } from "@/components/fleet/status-badge";
import { PageHeader } from "@/components/page-header";
import { loadRoomsPage } from "@/server/fleet/pages";
import { addKioskAction, addRoomAction, issueCodeAction, revokeKioskAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sites et salles" };

export default async function RoomsPage() {
  const { sites, now, portalUrl } = await loadRoomsPage();
  const t = await getTranslations("fleet.rooms");
  const format = await getFormatter();
  const when = (d: Date | null) => (d ? format.relativeTime(d, now) : t("never"));
  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      {sites.length === 0 && <p className="rounded-xl border bg-white p-5">{t("noSite")}</p>}
      {sites.map((site) => (
        <section key={site.id} aria-labelledby={`site-${site.id}`} className="space-y-4">
          <h2 id={`site-${site.id}`} className="text-2xl font-semibold">
            {site.name} <span className="text-base font-normal text-slate-600">· {site.city}</span>
          </h2>
          {site.rooms.length === 0 && <p className="text-slate-700">{t("noRoom")}</p>}
          {site.rooms.map((room) => {
            const registered = room.kiosks.filter(
              (k) => k.status !== "unregistered" && k.status !== "revoked",
            ).length;
            return (
              <details key={room.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
                <summary className="cursor-pointer">
                  <h3 className="inline text-lg font-semibold">{room.name}</h3>{" "}
                  <span className="text-slate-700">
                    {t("roomSummary", { posts: room.kiosks.length, registered, capacity: room.capacity })}
                  </span>
                </summary>
                {room.kiosks.length === 0 ? (
                  <p className="mt-3 text-slate-700">{t("noKiosk")}</p>
                ) : (
                  <div className="mt-3 overflow-x-auto">
                    <table className="w-full text-left text-sm">
                      <caption className="sr-only">
                        {t("tableCaption", { room: room.name, theRoom: laSalle(room.name) })}
                      </caption>
                      <ColumnHeads
                        labels={[t("colKiosk"), t("colStatus"), t("colLastSeen"), t("colActions")]}
                        className="border-b border-slate-300 text-slate-700"
                        cellClassName="py-2 pr-4"
                      />
                      <tbody>
                        {room.kiosks.map((k) => (
                          <tr key={k.id} className="border-b border-slate-100 align-top">
                            <th scope="row" className="py-2 pr-4 font-mono font-semibold whitespace-nowrap">
                              {k.label}
                            </th>
                            <td className="py-2 pr-4">
                              <StatusBadge status={k.status} />
                              {k.codePendingUntil && (
                                <p className="mt-1 text-xs text-slate-700">
                                  {t("codePending", {
                                    until: format.dateTime(k.codePendingUntil, {
                                      dateStyle: "short",
                                      timeStyle: "short",
                                    }),
                                  })}
                                </p>
                              )}
                            </td>
                            <td className="py-2 pr-4">{when(k.lastSeenAt)}</td>
                            <td className="py-2">
                              <IssueCodeForm
                                kioskId={k.id}
                                label={k.label}
                                isRegistered={k.registeredAt !== null && k.revokedAt === null}
                                portalUrl={portalUrl}
                                action={issueCodeAction}
                              />
                              {k.registeredAt && !k.revokedAt && (
                                <RevokeForm kioskId={k.id} label={k.label} action={revokeKioskAction} />
                              )}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
                <AddKioskForm
                  roomId={room.id}
                  roomName={room.name}
                  suggestedLabel={room.suggestedLabel}
                  action={addKioskAction}
                />
              </details>
            );
          })}
          <AddRoomForm siteId={site.id} siteName={site.name} action={addRoomAction} />
        </section>
      ))}
    </div>
  );
}
