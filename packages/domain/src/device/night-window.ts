import { z } from "zod";
import { addDays, localDate, zonedInstant } from "../calendar/local-time";

/** "HH:MM", 00:00 to 23:59: how sites and relay configs write the ends of the night window. */
export const clockTimeSchema = z
  .string()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "attendu : une heure HH:MM, ex. 20:00");

export type NightWindow = { start: string; end: string };
export const defaultNightWindow: NightWindow = { start: "20:00", end: "06:00" };

/** One occurrence of a site's window, as instants. */
export type WindowSpan = { start: Date; end: Date; isOpen: boolean };

/**
 * The window open at `now`, or else the next one, in the site's time zone. An end at or before
 * the start falls on the next day (20:00–06:00); a window whose two ends are equal spans a day.
 */
export function nightWindowAt(now: Date, window: NightWindow, timeZone: string): WindowSpan {
  const today = localDate(now, timeZone);
  const spanFrom = (date: string) => {
    const start = zonedInstant(date, window.start, timeZone);
    const crossesMidnight = window.end <= window.start;
    return { start, end: zonedInstant(crossesMidnight ? addDays(date, 1) : date, window.end, timeZone) };
  };
  for (const date of [addDays(today, -1), today, addDays(today, 1)]) {
    const span = spanFrom(date);
    if (now < span.end) return { ...span, isOpen: now >= span.start };
  }
  return { ...spanFrom(addDays(today, 2)), isOpen: false };
}

/** What a window of `span` at `capMbps` can carry, in bytes (no cap: unbounded). */
export function windowCapacityBytes(span: Pick<WindowSpan, "start" | "end">, capMbps: number | null): number {
  if (capMbps === null) return Number.POSITIVE_INFINITY;
  const seconds = (span.end.getTime() - span.start.getTime()) / 1000;
  return Math.floor((seconds * capMbps * 1_000_000) / 8);
}
