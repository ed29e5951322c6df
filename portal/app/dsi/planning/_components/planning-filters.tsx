import type { PlanningChoices } from "@tremplin/db/queries/planning";
import { getTranslations } from "next-intl/server";
import { Button, buttonClass } from "@/components/button";
import type { PlanningFilters as Filters } from "@/server/planning/planning-filters";

/** Site, room and trainer filters as a plain GET form: the URL says what is shown. */
export async function PlanningFilters(props: { week: string; filters: Filters; choices: PlanningChoices }) {
  const t = await getTranslations("planning.filters");
  const sites = [...new Set(props.choices.rooms.map((r) => r.siteName))];
  const select = "mt-1 block w-full rounded-lg border border-slate-400 bg-white px-3 py-2";
  return (
    <form
      method="get"
      action="/dsi/planning"
      aria-label={t("label")}
      className="grid items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_auto]"
    >
      <input type="hidden" name="semaine" value={props.week} />
      <div>
        <label htmlFor="filter-site" className="block text-sm font-medium">
          {t("site")}
        </label>
        <select id="filter-site" name="site" defaultValue={props.filters.site ?? ""} className={select}>
          <option value="">{t("all")}</option>
          {sites.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-room" className="block text-sm font-medium">
          {t("room")}
        </label>
        <select id="filter-room" name="salle" defaultValue={props.filters.salle ?? ""} className={select}>
          <option value="">{t("all")}</option>
          {props.choices.rooms.map((r) => (
            <option key={r.id} value={r.id}>{`${r.name} — ${r.siteName}`}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-trainer" className="block text-sm font-medium">
          {t("trainer")}
        </label>
        <select
          id="filter-trainer"
          name="formateur"
          defaultValue={props.filters.formateur ?? ""}
          className={select}
        >
          <option value="">{t("all")}</option>
          {props.choices.trainers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="flex gap-2">
        <Button>{t("submit")}</Button>
        <a href={`/dsi/planning?semaine=${props.week}`} className={buttonClass("secondary")}>
          {t("reset")}
        </a>
      </div>
    </form>
  );
}
