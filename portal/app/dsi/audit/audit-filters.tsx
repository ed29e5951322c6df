import { getTranslations } from "next-intl/server";
import { Button } from "@/components/button";

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
  const field = "mt-1 block w-full rounded-lg border px-3 py-2";
  const text = (name: string, label: string, type = "text", max = 100) => (
    <div>
      <label htmlFor={`f-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={`f-${name}`}
        name={name}
        type={type}
        maxLength={type === "text" ? max : undefined}
        defaultValue={values[name] ?? ""}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `f-${name}-error` : undefined}
        className={`${field} ${errors[name] ? "border-red-600" : "border-slate-400"}`}
      />
      {errors[name] && (
        <p id={`f-${name}-error`} className="mt-1 text-sm text-red-700">
          {errors[name]}
        </p>
      )}
    </div>
  );
  const select = (name: string, label: string, options: string[], show: (v: string) => string) => (
    <div>
      <label htmlFor={`f-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={`f-${name}`}
        name={name}
        defaultValue={values[name] ?? ""}
        className={`${field} border-slate-400`}
      >
        <option value="">{t("all")}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {show(o)}
          </option>
        ))}
      </select>
    </div>
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
