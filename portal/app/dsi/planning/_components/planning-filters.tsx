import type { PlanningChoices } from "@tremplin/db/queries/planning";
import { getTranslations } from "next-intl/server";
import { Button, buttonClass } from "@/components/button";
import { SelectField } from "@/components/form-field";
import type { PlanningFilters as Filters } from "@/server/planning/planning-filters";

/** Site, room and trainer filters as a plain GET form: the URL says what is shown. */
export async function PlanningFilters(props: { week: string; filters: Filters; choices: PlanningChoices }) {
  const t = await getTranslations("planning.filters");
  const sites = [...new Set(props.choices.rooms.map((r) => r.siteName))];
  // Each filter's parameter keeps its French name in the URL, which IT may bookmark or share.
  type Filter = {
    id: string;
    name: keyof Filters;
    label: string;
    options: { value: string; label: string }[];
  };
  const filter = (f: Filter) => (
    <SelectField id={f.id} name={f.name} label={f.label} size="sm" defaultValue={props.filters[f.name] ?? ""}>
      <option value="">{t("all")}</option>
      {f.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </SelectField>
  );
  return (
    <form
      method="get"
      action="/dsi/planning"
      aria-label={t("label")}
      className="grid items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_auto]"
    >
      <input type="hidden" name="semaine" value={props.week} />
      {filter({
        id: "filter-site",
        name: "site",
        label: t("site"),
        options: sites.map((s) => ({ value: s, label: s })),
      })}
      {filter({
        id: "filter-room",
        name: "salle",
        label: t("room"),
        options: props.choices.rooms.map((r) => ({ value: r.id, label: `${r.name} — ${r.siteName}` })),
      })}
      {filter({
        id: "filter-trainer",
        name: "formateur",
        label: t("trainer"),
        options: props.choices.trainers.map((p) => ({ value: p.id, label: p.name })),
      })}
      <div className="flex gap-2">
        <Button>{t("submit")}</Button>
        <a href={`/dsi/planning?semaine=${props.week}`} className={buttonClass("secondary")}>
          {t("reset")}
        </a>
      </div>
    </form>
  );
}
