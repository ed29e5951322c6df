/** `12600000` → `3 h 30`, `0` → `0 h 00`: how French attendance sheets write durations. */
export function formatHours(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")}`;
}
