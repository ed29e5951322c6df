import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { DataTable } from "@/components/data-table";
import { PageHeader } from "@/components/page-header";
import { loadEnrolmentIndex } from "@/server/planning/pages";

export const dynamic = "force-dynamic";
export const metadata = { title: "Inscriptions" };

export default async function EnrolmentIndexPage() {
  const { sessions } = await loadEnrolmentIndex();
  const t = await getTranslations("planning.enrolments");
  const format = await getFormatter();
  return (
    <div className="space-y-6">
      <PageHeader title={t("indexTitle")} intro={t("indexIntro")} />
      {sessions.length === 0 ? (
        <p>{t("noSession")}</p>
      ) : (
        <DataTable
          columns={[t("colWhen"), t("colTraining"), t("colPlace"), t("colSeats")]}
          caption={t("indexTitle")}
          cellClassName="px-4 py-2"
        >
          {sessions.map((s) => (
            <tr key={s.id} className="border-b border-slate-100">
              <td className="px-4 py-2 whitespace-nowrap">
                {format.dateTime(s.startsAt, {
                  weekday: "short",
                  day: "numeric",
                  month: "short",
                  hour: "2-digit",
                  minute: "2-digit",
                  timeZone: s.timezone,
                })}
              </td>
              <td className="px-4 py-2">
                <Link href={`/dsi/inscriptions/${s.id}`} className="font-medium text-brand-700 underline">
                  {s.trainingTitle}
                </Link>
              </td>
              <td className="px-4 py-2">{s.roomName ? `${s.roomName} · ${s.siteName}` : t("remote")}</td>
              <td className={`px-4 py-2 ${s.enrolled >= s.capacity ? "font-semibold text-red-800" : ""}`}>
                {t("seats", { count: s.enrolled, capacity: s.capacity })}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
