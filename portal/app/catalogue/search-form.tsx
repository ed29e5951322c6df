import { getTranslations } from "next-intl/server";
import { Button } from "@/components/button";
import { FormField, SelectField } from "@/components/form-field";

type Props = {
  values: Record<string, string>;
  errors: Record<string, string>;
  domains: string[];
  sites: { id: string; name: string; city: string }[];
};

/** A plain GET form: the filters live in the URL, so results can be bookmarked and shared. */
export async function SearchForm({ values, errors, domains, sites }: Props) {
  const t = await getTranslations("catalogue.filters");
  const common = (name: string) => ({ id: `f-${name}`, name, size: "md" as const, error: errors[name] });
  return (
    <search aria-label={t("label")}>
      <form
        method="get"
        className="grid gap-4 rounded-xl border border-slate-200 bg-white p-5 md:grid-cols-3"
      >
        <div className="md:col-span-3">
          <FormField
            {...common("q")}
            label={t("q")}
            type="search"
            maxLength={200}
            defaultValue={values.q}
            placeholder={t("qPlaceholder")}
          />
        </div>
        <SelectField {...common("domain")} label={t("domain")} defaultValue={values.domain}>
          <option value="">{t("any")}</option>
          {domains.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </SelectField>
        <SelectField {...common("site")} label={t("site")} defaultValue={values.site}>
          <option value="">{t("any")}</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <SelectField {...common("modality")} label={t("modality")} defaultValue={values.modality}>
          <option value="">{t("any")}</option>
          <option value="onsite">{t("onsite")}</option>
          <option value="remote">{t("remote")}</option>
        </SelectField>
        <FormField {...common("from")} label={t("from")} type="date" defaultValue={values.from} />
        <FormField {...common("to")} label={t("to")} type="date" defaultValue={values.to} />
        <div className="flex items-end">
          <Button className="w-full">{t("submit")}</Button>
        </div>
      </form>
    </search>
  );
}
