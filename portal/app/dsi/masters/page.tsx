import { getFormatter, getTranslations } from "next-intl/server";
import { DataTable } from "@/components/data-table";
import { RolloutForm } from "@/components/masters/rollout-form";
import { StoreCleanupForm } from "@/components/masters/store-cleanup-form";
import { PageHeader } from "@/components/page-header";
import { TitledSection } from "@/components/titled-section";
import { loadMastersPage } from "@/server/masters/pages";
import { collectStoreGarbageAction, createRolloutAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Masters et nuits" };

export default async function MastersPage() {
  const { today, versions, rooms, rollouts, nights, problems } = await loadMastersPage();
  const t = await getTranslations("masters");
  const format = await getFormatter();
  const bytes = (n: number) =>
    format.number(n / 1e9, { style: "unit", unit: "gigabyte", maximumFractionDigits: 2 });
  const time = (d: Date) => format.dateTime(d, { weekday: "short", hour: "2-digit", minute: "2-digit" });
  const megabytes = (n: number) =>
    format.number(n / 1e6, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 });
  const day = (d: string) => format.dateTime(new Date(`${d}T12:00:00Z`), { dateStyle: "medium" });
  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      <TitledSection id="nights" title={t("nightTitle")} className="space-y-3">
        <DataTable
          columns={(
            ["colSite", "colWindow", "colNeeded", "colWan", "colCapacity", "colVerdict"] as const
          ).map((c) => t(c))}
          className="p-4"
          cellClassName="py-2 pr-4"
        >
          {nights.map((n) => (
            <tr key={n.siteId} className="border-b border-slate-100 align-top">
              <th scope="row" className="py-2 pr-4 font-semibold">
                {n.siteName}
              </th>
              <td className="py-2 pr-4">
                {n.window.isOpen
                  ? t("windowOpen", { end: time(n.window.end) })
                  : t("windowNext", { start: time(n.window.start), end: time(n.window.end) })}
              </td>
              <td className="py-2 pr-4">
                {n.versions.length === 0
                  ? t("noNeed")
                  : n.versions.map((v) => (
                      <p key={`${v.name}@${v.version}`}>
                        {v.name} {v.version}{" "}
                        {t("neededBy", { at: time(new Date(v.neededBy)), rooms: v.rooms.join(", ") })}
                        {!v.isInStore && <strong className="text-red-700"> — {t("notInStore")}</strong>}
                      </p>
                    ))}
              </td>
              <td className="py-2 pr-4">{bytes(n.wanBytes)}</td>
              <td className="py-2 pr-4">{n.capacityBytes === null ? t("noCap") : bytes(n.capacityBytes)}</td>
              <td className={`py-2 pr-4 font-medium ${n.fits ? "text-green-800" : "text-red-700"}`}>
                {n.fits ? t("fits") : t("doesNotFit")}
              </td>
            </tr>
          ))}
        </DataTable>
      </TitledSection>
      {problems.length > 0 && (
        <section
          aria-labelledby="problems"
          className="space-y-2 rounded-xl border border-red-300 bg-red-50 p-4"
        >
          <h2 id="problems" className="text-xl font-semibold text-red-800">
            {t("problemsTitle")}
          </h2>
          <ul className="space-y-1 text-sm">
            {problems.map((p) => (
              <li key={`${p.kioskLabel}-${p.name}-${p.version}`}>
                <strong>
                  {p.siteName} · {p.roomName} · {p.kioskLabel}
                </strong>{" "}
                — {p.name} {p.version} — {t(p.state === "refused" ? "refused" : "failed")}
                {p.problem ? ` : ${p.problem}` : ""}
              </li>
            ))}
          </ul>
        </section>
      )}
      <TitledSection id="rollouts" title={t("rolloutsTitle")} className="space-y-3">
        {rollouts.length === 0 ? (
          <p className="text-slate-700">{t("noRollout")}</p>
        ) : (
          <ul className="space-y-1">
            {rollouts.map((r) => (
              <li key={r.id}>
                <strong>
                  {r.name} {r.version}
                </strong>{" "}
                · {r.siteName} · {r.roomName} · {t("days", { from: day(r.startsOn), to: day(r.endsOn) })}
              </li>
            ))}
          </ul>
        )}
        {versions.length === 0 ? (
          <p className="rounded-xl border bg-white p-4">{t("storeEmpty")}</p>
        ) : (
          <RolloutForm
            labels={{
              title: t("addTitle"),
              master: t("fieldMaster"),
              room: t("fieldRoom"),
              startsOn: t("fieldStartsOn"),
              endsOn: t("fieldEndsOn"),
              submit: t("submit"),
            }}
            versions={versions.map((v) => ({
              value: `${v.name}@${v.version}`,
              label: `${v.name} ${v.version}`,
            }))}
            rooms={rooms.map((r) => ({ value: r.id, label: r.label }))}
            today={today}
            action={createRolloutAction}
          />
        )}
      </TitledSection>
      {versions.length > 0 && (
        <TitledSection id="store" title={t("storeTitle")} className="space-y-3">
          <DataTable
            columns={(["colVersion", "colCreated", "colStored", "colUse"] as const).map((c) => t(c))}
            className="p-4"
            cellClassName="py-2 pr-4"
          >
            {versions.map((v) => (
              <tr key={`${v.name}@${v.version}`} className="border-b border-slate-100">
                <th scope="row" className="py-2 pr-4 font-semibold">
                  {v.name} {v.version}
                </th>
                <td className="py-2 pr-4">{format.dateTime(new Date(v.created), { dateStyle: "medium" })}</td>
                <td className="py-2 pr-4">{megabytes(v.storedBytes)}</td>
                <td className="py-2 pr-4">{v.isInUse ? t("inUse") : t("notInUse")}</td>
              </tr>
            ))}
          </DataTable>
          <StoreCleanupForm
            labels={{
              title: t("cleanTitle"),
              help: t("cleanHelp"),
              keep: t("fieldKeep"),
              preview: t("preview"),
              remove: t("remove"),
            }}
            action={collectStoreGarbageAction}
          />
        </TitledSection>
      )}
    </div>
  );
}
