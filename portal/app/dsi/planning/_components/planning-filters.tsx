import type { PlanningChoices } from "@tremplin/db/queries/planning";
import { getTranslations } from "next-intl/server";
import { Button, buttonClass } from "@/components/button";
import { SelectField } from "@/components/form-field";
import type { PlanningFilters as Filters } from "@/server/planning/planning-filters";

/** Site, room and trainer filters as a plain GET form: the URL says what is shown. */
export async function PlanningFilters(props: { week: string; filters: Filters; choices: PlanningChoices }) {
  const t = await getTranslations("planning.filters");
  const sites = [...new Set(props.choices.rooms.map((r) => r.siteName))];
  return (
    <form
      method="get"
      action="/dsi/planning"
      aria-label={t("label")}
      className="grid items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_auto]"
    >
      <input type="hidden" name="semaine" value={props.week} />
      <SelectField
        id="filter-site"
        name="site"
        label={t("site")}
        size="sm"
        defaultValue={props.filters.site ?? ""}
      >
        <option value="">{t("all")}</option>
        {sites.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="filter-room"
        name="salle"
        label={t("room")}
        size="sm"
        defaultValue={props.filters.salle ?? ""}
      >
        <option value="">{t("all")}</option>
        {props.choices.rooms.map((r) => (
          <option key={r.id} value={r.id}>{`${r.name} — ${r.siteName}`}</option>
        ))}
      </SelectField>
      <SelectField
        id="filter-trainer"
        name="formateur"
        label={t("trainer")}
        size="sm"
        defaultValue={props.filters.formateur ?? ""}
      >
        <option value="">{t("all")}</option>
        {props.choices.trainers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <div className="flex gap-2">
        <Button>{t("submit")}</Button>
        <a href={`/dsi/planning?semaine=${props.week}`} className={buttonClass("secondary")}>
          {t("reset")}
        </a>
      </div>
    </form>
  );
}
