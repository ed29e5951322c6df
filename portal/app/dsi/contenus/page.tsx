import { defaultTimeZone } from "@tremplin/domain/calendar";
import { getFormatter, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { loadContentOverview } from "@/server/learning/pages";
import { ImportForm } from "./import-form";
import { WithdrawForm } from "./withdraw-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Contenus des formations" };

/** IT: the modules of every training, and SCORM packages to import (new module or new version). */
/** What IT can add at the end of a training: a SCORM package, or a document. */
const additions = [
  { kind: "scorm", summary: "addModule", label: "addModuleTo" },
  { kind: "file", summary: "addDocument", label: "addDocumentTo" },
] as const;

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
          {additions.map((a) => (
            <details key={a.kind} className="rounded-lg border border-slate-200 p-3">
              <summary className="cursor-pointer font-medium text-brand-700">{t(a.summary)}</summary>
              <ImportForm
                kind={a.kind}
                mode="module"
                trainingId={tr.id}
                label={t(a.label, { title: tr.title })}
              />
            </details>
          ))}
        </section>
      ))}
    </div>
  );
}
