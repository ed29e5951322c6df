/** A stretch of time in epoch milliseconds, `start` inclusive, `end` exclusive. */
export type Interval = { start: number; end: number };

/** Sorted, non-overlapping union of `intervals`: a kiosk logon and remote work at once count once. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged.at(-1);
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ ...next });
  }
  return merged;
}

/** The part of `interval` inside `window`, or undefined when they do not meet. */
export function clip(interval: Interval, window: Interval): Interval | undefined {
  const start = Math.max(interval.start, window.start);
  const end = Math.min(interval.end, window.end);
  return end > start ? { start, end } : undefined;
}

/** Length of the union of `intervals` inside `window`, in milliseconds. */
export function coveredMs(intervals: Interval[], window: Interval): number {
  const inside = intervals.flatMap((i) => clip(i, window) ?? []);
  return mergeIntervals(inside).reduce((sum, i) => sum + (i.end - i.start), 0);
}
