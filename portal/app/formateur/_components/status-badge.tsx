import type { HalfDayStatus } from "@tremplin/domain/attendance";
import { getTranslations } from "next-intl/server";

const styles: Record<HalfDayStatus, string> = {
  present: "bg-green-100 text-green-900 border-green-300",
  absent: "bg-red-100 text-red-900 border-red-300",
  pending: "bg-amber-100 text-amber-900 border-amber-300",
  upcoming: "bg-slate-100 text-slate-800 border-slate-300",
};

/** The status in words and colour: colour alone would not reach everyone (WCAG 1.4.1). */
export async function StatusBadge({ status }: { status: HalfDayStatus }) {
  const t = await getTranslations("trainer.status");
  return (
    <span className={`inline-block rounded-full border px-2 py-0.5 text-sm font-medium ${styles[status]}`}>
      {t(status)}
    </span>
  );
}
