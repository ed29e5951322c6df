import type { ScheduledSession } from "../device/schedule";

export type Grace = { beforeMinutes: number; afterMinutes: number };

const minute = 60_000;

/** True when `now` falls in the session widened by the grace: doors open early, close late. */
export function isOpenAt(session: ScheduledSession, now: Date, grace: Grace): boolean {
  const t = now.getTime();
  const opens = Date.parse(session.startsAt) - grace.beforeMinutes * minute;
  const closes = Date.parse(session.endsAt) + grace.afterMinutes * minute;
  return t >= opens && t < closes;
}

/** When logins open for this session (its start minus the grace). */
export function opensAt(session: ScheduledSession, grace: Grace): Date {
  return new Date(Date.parse(session.startsAt) - grace.beforeMinutes * minute);
}

function byStart(a: ScheduledSession, b: ScheduledSession): number {
  return Date.parse(a.startsAt) - Date.parse(b.startsAt);
}

/**
 * Sessions open at `now`, best first: one really running (not only in its grace) before one
 * in its grace, then by start. Two can overlap when back-to-back sessions share the grace.
 */
export function openSessions(sessions: ScheduledSession[], now: Date, grace: Grace): ScheduledSession[] {
  const running = (s: ScheduledSession) => isOpenAt(s, now, { beforeMinutes: 0, afterMinutes: 0 });
  return sessions
    .filter((s) => isOpenAt(s, now, grace))
    .sort((a, b) => Number(running(b)) - Number(running(a)) || byStart(a, b));
}

/** The first session that opens after `now` (not open yet), if any. */
export function findNextSession(
  sessions: ScheduledSession[],
  now: Date,
  grace: Grace,
): ScheduledSession | undefined {
  return sessions
    .filter((s) => opensAt(s, grace).getTime() > now.getTime())
    .sort(byStart)
    .at(0);
}

/** What the login screen shows: the session open now and the next one. */
export function currentAndNext(
  sessions: ScheduledSession[],
  now: Date,
  grace: Grace,
): { current: ScheduledSession | undefined; next: ScheduledSession | undefined } {
  return { current: openSessions(sessions, now, grace).at(0), next: findNextSession(sessions, now, grace) };
}

/** Building an Intl formatter costs far more than using one: one per time zone, kept. */
const hourMinute = new Map<string, Intl.DateTimeFormat>();

/** "14h05" in the site's time zone: how French rooms read a time. */
export function frenchTime(instant: string | Date, timeZone: string): string {
  let format = hourMinute.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("fr-FR", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    hourMinute.set(timeZone, format);
  }
  const parts = format.formatToParts(typeof instant === "string" ? new Date(instant) : instant);
  const hour = parts.find((p) => p.type === "hour")?.value ?? "00";
  const min = parts.find((p) => p.type === "minute")?.value ?? "00";
  return `${Number(hour)}h${min}`;
}
