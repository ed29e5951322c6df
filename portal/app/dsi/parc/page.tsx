import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ColumnHeads } from "@/components/data-table";
import { FleetChart, fleetChartColours } from "@/components/fleet/fleet-chart";
import { StatusBadge } from "@/components/fleet/status-badge";
import { TitledSection } from "@/components/titled-section";
import { loadFleetPage } from "@/server/fleet/pages";
import { FleetPostsTable } from "./posts-table";
import { ReadinessTable } from "./readiness-table";

export const dynamic = "force-dynamic";
export const metadata = { title: "Parc des postes" };

// By default the list shows the posts in service; declared-but-unregistered and revoked ones
// are one filter away (a region has dozens of posts waiting for their NUC).
const filters = ["active", "attention", "offline", "unregistered", "all"] as const;
type Filter = (typeof filters)[number];

export default async function FleetPage({ searchParams }: { searchParams: Promise<{ filtre?: string }> }) {
  const data = await loadFleetPage();
  const t = await getTranslations("fleet.park");
  const format = await getFormatter();
  const wanted = (await searchParams).filtre;
  const filter: Filter = filters.includes(wanted as Filter) ? (wanted as Filter) : "active";
  const posts = data.posts.filter((p) => {
    if (filter === "attention")
      return p.status === "stale" || p.warnings.length > 0 || p.status === "never_seen";
    if (filter === "offline") return p.status === "offline";
    if (filter === "unregistered") return p.status === "unregistered";
    if (filter === "active") return p.status !== "unregistered" && p.status !== "revoked";
    return true;
  });
  const minutes = (ms: number) => Math.round(ms / 60_000);
  const hour = (at: Date) => format.dateTime(at, { hour: "2-digit", minute: "2-digit" });
  return (
    <div className="space-y-10">
      <header>
        <h1 className="text-3xl font-bold">{t("title")}</h1>
        <p className="mt-2 max-w-3xl text-slate-700">
          {t("thresholds", {
            stale: minutes(data.thresholds.staleAfterMs),
            offline: minutes(data.thresholds.offlineAfterMs),
            disk: Math.round(data.thresholds.lowDiskBytes / 1024 ** 3),
            backlog: data.thresholds.outboxBacklog,
          })}
        </p>
      </header>

      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7" aria-label={t("summary")}>
        {(["online", "stale", "offline", "never_seen", "unregistered", "revoked"] as const).map((s) => (
          <li key={s} className="rounded-xl border border-slate-200 bg-white p-4">
            <p className="text-3xl font-bold">{data.counts[s]}</p>
            <StatusBadge status={s} />
          </li>
        ))}
        <li className="rounded-xl border border-amber-300 bg-amber-50 p-4">
          <p className="text-3xl font-bold">{data.warned}</p>
          <p className="text-sm font-semibold text-amber-900">{t("warned")}</p>
        </li>
      </ul>

      <TitledSection
        id="history"
        title={t("historyTitle")}
        size="md"
        className="rounded-xl border border-slate-200 bg-white p-5"
      >
        <FleetChart
          points={data.history}
          title={t("historyTitle")}
          description={t("historyDesc")}
          hourLabel={hour}
        />
        <ul className="mt-2 flex flex-wrap gap-4 text-sm">
          {(["healthy", "degraded", "silent"] as const).map((k) => (
            <li key={k} className="flex items-center gap-2">
              <span
                aria-hidden="true"
                className="inline-block h-3 w-3 rounded-sm"
                style={{ background: fleetChartColours[k] }}
              />
              {t(`legend.${k}`)}
            </li>
          ))}
        </ul>
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer underline">{t("historyData")}</summary>
          <table className="mt-2 text-left">
            <ColumnHeads
              labels={[t("hour"), t("legend.healthy"), t("legend.degraded"), t("legend.silent")]}
              cellClassName="pr-4"
            />
            <tbody>
              {data.history.map((p) => (
                <tr key={p.at.toISOString()}>
                  <th scope="row" className="pr-4 font-normal">
                    {hour(p.at)}
                  </th>
                  <td className="pr-4">{p.healthy}</td>
                  <td className="pr-4">{p.degraded}</td>
                  <td>{p.silent}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </TitledSection>

      <TitledSection id="tomorrow" title={t("tomorrowTitle")} size="md">
        <ReadinessTable rooms={data.tomorrow} />
      </TitledSection>

      <TitledSection id="posts" title={t("postsTitle")} size="md">
        <nav aria-label={t("filterLabel")} className="mt-2 flex flex-wrap gap-2">
          {filters.map((f) => (
            <Link
              key={f}
              href={f === "active" ? "/dsi/parc" : `/dsi/parc?filtre=${f}`}
              aria-current={f === filter ? "page" : undefined}
              className={`rounded-full border px-3 py-1 text-sm ${f === filter ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white"}`}
            >
              {t(`filters.${f}`)}
            </Link>
          ))}
        </nav>
        <FleetPostsTable posts={posts} now={data.now} />
      </TitledSection>
    </div>
  );
}
