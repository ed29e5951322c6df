import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { loadSessionForm } from "@/server/planning/pages";
import { SessionForm } from "../_components/session-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Nouvelle session" };

export default async function NewSessionPage({ searchParams }: { searchParams: Promise<{ date?: string }> }) {
  const { date } = await searchParams;
  const { choices } = await loadSessionForm();
  const t = await getTranslations("planning.form");
  const day = typeof date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : "";
  return (
    <div className="space-y-6">
      <Link href="/dsi/planning" className="text-brand-700 underline">
        ← {t("back")}
      </Link>
      <h1 className="text-3xl font-bold">{t("newTitle")}</h1>
      <SessionForm choices={choices} values={{ startDate: day, endDate: day }} />
    </div>
  );
}
