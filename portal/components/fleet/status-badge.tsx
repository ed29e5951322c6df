import type { KioskStatus } from "@tremplin/domain/fleet";
import { useTranslations } from "next-intl";

/** Colours pass WCAG AA on their background, and the word is always there: never colour alone. */
const styles: Record<KioskStatus, string> = {
  online: "bg-green-100 text-green-900 border-green-300",
  stale: "bg-amber-100 text-amber-900 border-amber-300",
  offline: "bg-red-100 text-red-900 border-red-300",
  never_seen: "bg-orange-100 text-orange-900 border-orange-300",
  unregistered: "bg-slate-100 text-slate-800 border-slate-300",
  revoked: "bg-slate-200 text-slate-900 border-slate-400 line-through",
};

export function StatusBadge({ status }: { status: KioskStatus }) {
  const t = useTranslations("fleet.status");
  return (
    <span className={`inline-block rounded-full border px-2 py-0.5 text-xs font-semibold ${styles[status]}`}>
      {t(status)}
    </span>
  );
}
