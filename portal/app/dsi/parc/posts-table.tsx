import { getFormatter, getTranslations } from "next-intl/server";
import { DataTable } from "@/components/data-table";
import { StatusBadge } from "@/components/fleet/status-badge";
import type { FleetPost } from "@/server/fleet/get-fleet-health";
import { replaceKioskAction } from "./actions";
import { MachineCell, SystemCell } from "./post-machine";

export async function FleetPostsTable({ posts, now }: { posts: FleetPost[]; now: Date }) {
  const t = await getTranslations("fleet.park");
  const format = await getFormatter();
  if (posts.length === 0) return <p className="mt-3 text-slate-700">{t("noPost")}</p>;
  const gib = (bytes: number | null) =>
    bytes === null ? "—" : `${format.number(bytes / 1024 ** 3, { maximumFractionDigits: 0 })} Gio`;
  return (
    <DataTable
      columns={(
        [
          "colKiosk",
          "colMachine",
          "colRoom",
          "colStatus",
          "colSystem",
          "colLastSeen",
          "colAccel",
          "colDisk",
          "colMasters",
          "colOutbox",
          "colAgent",
        ] as const
      ).map((c) => t(c))}
      className="mt-3"
      cellClassName="px-3 py-2 whitespace-nowrap"
    >
      {posts.map((p) => (
        <tr key={p.id} className="border-b border-slate-100 align-top">
          <th scope="row" className="px-3 py-2 font-mono whitespace-nowrap">
            {p.label}
          </th>
          <td className="px-3 py-2">
            <MachineCell post={p} replaceAction={replaceKioskAction} />
          </td>
          <td className="px-3 py-2">
            {p.roomName}
            <span className="block text-slate-600">{p.siteName}</span>
          </td>
          <td className="px-3 py-2">
            <StatusBadge status={p.status} />
            {p.warnings.length > 0 && (
              <ul className="mt-1 text-xs font-semibold text-amber-900">
                {p.warnings.map((w) => (
                  <li key={w}>⚠ {t(`warnings.${w}`)}</li>
                ))}
              </ul>
            )}
          </td>
          <td className="px-3 py-2">
            <SystemCell system={p.system} />
          </td>
          <td className="px-3 py-2 whitespace-nowrap">
            {p.lastSeenAt ? format.relativeTime(p.lastSeenAt, now) : "—"}
          </td>
          <td className="px-3 py-2" title={p.acceleratorReason ?? undefined}>
            {p.accelerator ? p.accelerator.toUpperCase() : "—"}
          </td>
          <td className="px-3 py-2 whitespace-nowrap">{gib(p.diskFreeBytes)}</td>
          <td className="px-3 py-2">
            {p.masters.length === 0
              ? "—"
              : p.masters.map((m) => (
                  <span key={`${m.name}@${m.version}`} className="block whitespace-nowrap">
                    {m.name} {m.version} {m.verified ? "✓" : t("unverified")}
                  </span>
                ))}
          </td>
          <td className="px-3 py-2">{p.outboxDepth ?? "—"}</td>
          <td className="px-3 py-2">{p.agentVersion ?? "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
