/** A mean rating out of 5, one decimal in the page's locale, or a dash when nobody answered. */
export function Rating({ value, locale }: { value: number | null; locale: string }) {
  if (value === null) return <span>—</span>;
  const text = value.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const tone = value >= 4 ? "text-green-800" : value >= 3 ? "text-slate-900" : "text-red-800";
  return <span className={`font-semibold tabular-nums ${tone}`}>{text}</span>;
}
