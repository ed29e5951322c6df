import { defaultTimeZone } from "@tremplin/domain/calendar";
import { getFormatter, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { loadContentOverview } from "@/server/learning/pages";
import { ImportForm } from "./import-form";
import { WithdrawForm } from "./withdraw-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Contenus des formations" };

/** IT: the modules of every training, and SCORM packages to import (new module or new version). */
export default async function ContentPage() {
  const trainings = await loadContentOverview();
  const t = await getTranslations("player.import");
  const format = await getFormatter();
  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      {trainings.map((tr) => (
        <section
          key={tr.id}
          aria-labelledby={`t-${tr.id}`}
          className="space-y-3 rounded-xl border border-slate-200 bg-white p-5"
        >
          <div className="flex flex-wrap items-baseline justify-between gap-3">
            <h2 id={`t-${tr.id}`} className="text-xl font-semibold">
              {tr.title} <span className="text-base font-normal text-slate-600">({tr.code})</span>
            </h2>
            <a href={`/dsi/contenus/${tr.id}/regles`} className="font-semibold text-brand-700 underline">
              {t("rulesLink")}
            </a>
          </div>
          <ol className="divide-y divide-slate-100">
            {tr.modules.map((m) => (
              <li key={m.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div>
                  <p className="font-medium">
                    {m.position}. {m.title}{" "}
                    <span className="text-sm font-normal text-slate-600">· {t(`kinds.${m.kind}`)}</span>
                  </p>
                  {m.kind === "scorm" && (
                    <p className="text-sm text-slate-700">
                      {m.package
                        ? t("package", {
                            version: m.contentVersion,
                            scorm: m.package.scormVersion,
                            files: m.package.fileCount,
                            date: format.dateTime(new Date(m.package.importedAt), {
                              dateStyle: "medium",
                              timeStyle: "short",
                              timeZone: defaultTimeZone,
                            }),
                            by: m.package.importedBy,
                          })
                        : t("noPackage")}
                    </p>
                  )}
                </div>
                {m.versions.length > 0 && (
                  <ul
                    aria-label={t("withdraw.versions", { title: m.title })}
                    className="w-full space-y-1 text-sm"
                  >
                    {m.versions.map((v) =>
                      v.withdrawnAt ? (
                        <li key={v.version} className="text-slate-700">
                          {t("withdraw.withdrawn", {
                            version: v.version,
                            date: format.dateTime(v.withdrawnAt, {
                              dateStyle: "medium",
                              timeStyle: "short",
                              timeZone: defaultTimeZone,
                            }),
                            reason: v.withdrawalReason ?? "",
                          })}
                        </li>
                      ) : (
                        <li key={v.version}>
                          <details>
                            <summary className="cursor-pointer text-red-800">
                              {t("withdraw.open", { version: v.version })}
                              {v.version === m.contentVersion && ` ${t("withdraw.current")}`}
                            </summary>
                            <WithdrawForm moduleId={m.id} version={v.version} title={m.title} />
                          </details>
                        </li>
                      ),
                    )}
                  </ul>
                )}
                {(m.kind === "scorm" || m.kind === "file") && (
                  <ImportForm
                    kind={m.kind}
                    mode="version"
                    moduleId={m.id}
                    label={t("newVersion", { title: m.title })}
                  />
                )}
              </li>
            ))}
          </ol>
          <details className="rounded-lg border border-slate-200 p-3">
            <summary className="cursor-pointer font-medium text-brand-700">{t("addModule")}</summary>
            <ImportForm
              kind="scorm"
              mode="module"
              trainingId={tr.id}
              label={t("addModuleTo", { title: tr.title })}
            />
          </details>
          <details className="rounded-lg border border-slate-200 p-3">
            <summary className="cursor-pointer font-medium text-brand-700">{t("addDocument")}</summary>
            <ImportForm
              kind="file"
              mode="module"
              trainingId={tr.id}
              label={t("addDocumentTo", { title: tr.title })}
            />
          </details>
        </section>
      ))}
    </div>
  );
}
