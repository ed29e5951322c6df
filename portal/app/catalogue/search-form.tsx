import { getTranslations } from "next-intl/server";
import { Button } from "@/components/button";

type Props = {
  values: Record<string, string>;
  errors: Record<string, string>;
  domains: string[];
  sites: { id: string; name: string; city: string }[];
};

const input = "mt-1 block w-full rounded-lg border px-3 py-2";
const border = (error?: string) => (error ? "border-red-600" : "border-slate-400");

/** A plain GET form: the filters live in the URL, so results can be bookmarked and shared. */
export async function SearchForm({ values, errors, domains, sites }: Props) {
  const t = await getTranslations("catalogue.filters");
  const field = (name: string, label: string, control: React.ReactNode) => (
    <div>
      <label htmlFor={`f-${name}`} className="block font-medium">
        {label}
      </label>
      {control}
      {errors[name] && (
        <p id={`f-${name}-error`} className="mt-1 text-sm font-medium text-red-700">
          {errors[name]}
        </p>
      )}
    </div>
  );
  const aria = (name: string) => ({
    id: `f-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `f-${name}-error` : undefined,
    className: `${input} ${border(errors[name])}`,
  });
  return (
    <search aria-label={t("label")}>
      <form
        method="get"
        className="grid gap-4 rounded-xl border border-slate-200 bg-white p-5 md:grid-cols-3"
      >
        <div className="md:col-span-3">
          {field(
            "q",
            t("q"),
            <input
              type="search"
              maxLength={200}
              defaultValue={values.q}
              placeholder={t("qPlaceholder")}
              {...aria("q")}
            />,
          )}
        </div>
        {field(
          "domain",
          t("domain"),
          <select defaultValue={values.domain} {...aria("domain")}>
            <option value="">{t("any")}</option>
            {domains.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>,
        )}
        {field(
          "site",
          t("site"),
          <select defaultValue={values.site} {...aria("site")}>
            <option value="">{t("any")}</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>,
        )}
        {field(
          "modality",
          t("modality"),
          <select defaultValue={values.modality} {...aria("modality")}>
            <option value="">{t("any")}</option>
            <option value="onsite">{t("onsite")}</option>
            <option value="remote">{t("remote")}</option>
          </select>,
        )}
        {field("from", t("from"), <input type="date" defaultValue={values.from} {...aria("from")} />)}
        {field("to", t("to"), <input type="date" defaultValue={values.to} {...aria("to")} />)}
        <div className="flex items-end">
          <Button className="w-full">{t("submit")}</Button>
        </div>
      </form>
    </search>
  );
}
