import { getTranslations } from "next-intl/server";
import { Button } from "@/components/button";
import { FormField, SelectField } from "@/components/form-field";

type Props = {
  values: Record<string, string | undefined>;
  errors: Record<string, string>;
  facets: { actions: string[]; entityTypes: string[] };
  actionLabel: (action: string) => string;
  entityLabel: (entityType: string) => string;
};

/** The filters as a plain GET form: the URL says what is shown, and can be shared or bookmarked. */
export async function AuditFilters({ values, errors, facets, actionLabel, entityLabel }: Props) {
  const t = await getTranslations("audit.filters");
  const text = (name: string, label: string, type = "text", max = 100) => (
    <FormField
      id={`f-${name}`}
      name={name}
      label={label}
      size="sm"
      type={type}
      maxLength={type === "text" ? max : undefined}
      defaultValue={values[name] ?? ""}
      error={errors[name]}
    />
  );
  const select = (name: string, label: string, options: string[], show: (v: string) => string) => (
    <SelectField id={`f-${name}`} name={name} label={label} size="sm" defaultValue={values[name] ?? ""}>
      <option value="">{t("all")}</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {show(o)}
        </option>
      ))}
    </SelectField>
  );
  return (
    <form
      method="get"
      aria-label={t("label")}
      className="grid gap-4 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-3"
    >
      {text("actor", t("actor"))}
      {select("action", t("action"), facets.actions, actionLabel)}
      {select("entityType", t("entityType"), facets.entityTypes, entityLabel)}
      {text("entityId", t("entityId"))}
      {text("from", t("from"), "date")}
      {text("to", t("to"), "date")}
      <div className="flex items-end gap-3 sm:col-span-2 lg:col-span-3">
        <Button>{t("submit")}</Button>
        <a href="/dsi/audit" className="text-brand-700 underline">
          {t("reset")}
        </a>
      </div>
    </form>
  );
}
