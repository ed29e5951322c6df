import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { TitledSection } from "@/components/titled-section";
import { loadPlanningWeek } from "@/server/planning/pages";
import { BarChart } from "./_components/bar-chart";
import { PlanningFilters } from "./_components/planning-filters";
import { WeekCalendar } from "./_components/week-calendar";

export const dynamic = "force-dynamic";
export const metadata = { title: "Planning" };

type Search = {
  semaine?: string;
  cree?: string;
  modifiee?: string;
  annulee?: string;
  site?: string;
  salle?: string;
  formateur?: string;
};

export default async function PlanningPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const week = await loadPlanningWeek(search);
  // Week links keep the filters: browsing weeks never drops the room being looked at.
  const withFilters = (semaine?: string) => {
    const params = new URLSearchParams(
      Object.entries({ semaine, ...week.filters }).filter((e): e is [string, string] => Boolean(e[1])),
    );
    return `/dsi/planning${params.size > 0 ? `?${params}` : ""}`;
  };
  const t = await getTranslations("planning.week");
  const format = await getFormatter();
  const hours = (ms: number) => `${format.number(ms / 3600_000, { maximumFractionDigits: 1 })} h`;
  const chartText = {
    legend: { planned: t("planned"), retained: t("retained") },
    format: hours,
    tableCaption: t("dataTable"),
    emptyText: t("noSession"),
  };
  const dayLabel = (date: string) =>
    format.dateTime(new Date(`${date}T12:00:00Z`), { day: "numeric", month: "long", year: "numeric" });
  const flash = search.cree
    ? t("created")
    : search.modifiee
      ? t("updated")
      : search.annulee
        ? t("cancelled")
        : "";
  return (
    <div className="space-y-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">{t("title")}</h1>
          <p className="text-slate-700">{t("weekOf", { date: dayLabel(week.monday) })}</p>
        </div>
        <Link
          href="/dsi/planning/nouvelle"
          className="rounded-lg bg-brand-700 px-4 py-3 font-semibold text-white hover:bg-brand-900"
        >
          {t("new")}
        </Link>
      </header>
      {flash && (
        <p role="status" className="rounded-lg border border-green-300 bg-green-50 p-3 text-green-900">
          {flash}
        </p>
      )}
      <nav aria-label={t("weekNav")} className="flex flex-wrap gap-3">
        <Link
          href={withFilters(week.previous)}
          className="rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-100"
        >
          ← {t("previous")}
        </Link>
        <Link
          href={withFilters()}
          className="rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-100"
        >
          {t("current")}
        </Link>
        <Link
          href={withFilters(week.next)}
          className="rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-100"
        >
          {t("next")} →
        </Link>
      </nav>
      <PlanningFilters week={week.monday} filters={week.filters} choices={week.choices} />
      <WeekCalendar calendar={week.calendar} highlight={search.cree ?? search.modifiee} />
      <TitledSection id="charts-title" title={t("chartsTitle")} className="space-y-4">
        <div className="space-y-4">
          <BarChart
            id="per-session"
            title={t("perSession")}
            description={t("perSessionHint")}
            bars={week.sessionHours.map((h) => ({
              key: h.session.id,
              label: `${format.dateTime(h.session.startsAt, { weekday: "short", day: "numeric", timeZone: h.session.timezone })} ${h.session.trainingTitle}`,
              planned: h.plannedMs,
              retained: h.retainedMs,
            }))}
            {...chartText}
          />
          <BarChart
            id="per-week"
            title={t("perWeek")}
            description={t("perWeekHint")}
            bars={week.weekHours.map((w) => ({
              key: w.monday,
              label: t("weekLabel", { date: dayLabel(w.monday) }),
              planned: w.plannedMs,
              retained: w.retainedMs,
            }))}
            {...chartText}
          />
        </div>
      </TitledSection>
    </div>
  );
}
