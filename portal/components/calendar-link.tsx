import { getTranslations } from "next-intl/server";

/**
 * The address of the person's calendar feed, to paste into Outlook, Thunderbird or a phone's
 * calendar: it follows their sessions (changes, cancellations) without signing in. A `<details>`
 * keeps it out of the way; the address is a key, so the text says not to share it.
 */
export async function CalendarLink({ url }: { url: string }) {
  const t = await getTranslations("calendar");
  return (
    <details className="rounded-xl border border-slate-200 bg-white p-4">
      <summary className="cursor-pointer font-semibold text-brand-700">{t("title")}</summary>
      <div className="space-y-2 pt-2">
        <p className="text-slate-700">{t("help")}</p>
        <label className="flex flex-col gap-1">
          <span className="font-medium">{t("address")}</span>
          <input
            readOnly
            value={url}
            className="w-full rounded border border-slate-400 px-2 py-1 font-mono text-sm"
          />
        </label>
        <p className="text-sm text-slate-700">{t("private")}</p>
      </div>
    </details>
  );
}
