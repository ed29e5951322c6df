import {
  addDays,
  dayOfWeek,
  type LocalDate,
  localDate,
  zonedInstant,
  zoneOffsetMs,
} from "../calendar/local-time";

/** A session as stored: two instants. */
export type SessionSpan = { startsAt: Date; endsAt: Date };

/** One day of a session: the hours the room and the trainer are taken that day. */
export type SessionDay = { date: LocalDate; startsAt: Date; endsAt: Date };

/** `HH:MM` on the wall clock of `timeZone` at `instant`. */
export function localTime(instant: Date, timeZone: string): string {
  const local = new Date(instant.getTime() + zoneOffsetMs(instant, timeZone));
  return `${String(local.getUTCHours()).padStart(2, "0")}:${String(local.getUTCMinutes()).padStart(2, "0")}`;
}

/**
 * The days a session takes place. A session on several dates is planned as "du lundi au
 * vendredi, de 9h00 à 17h00": each day from the start time to the end time, weekends skipped
 * unless the session starts or ends on one. A span whose end time is not after its start time
 * (a night, a block booking) cannot be read that way and is taken as one continuous block, cut
 * at each local midnight.
 */
export function sessionDays(span: SessionSpan, timeZone: string): SessionDay[] {
  const first = localDate(span.startsAt, timeZone);
  const last = localDate(span.endsAt, timeZone);
  if (span.endsAt.getTime() <= span.startsAt.getTime()) return [];
  if (first === last) return [{ date: first, startsAt: span.startsAt, endsAt: span.endsAt }];
  const from = localTime(span.startsAt, timeZone);
  const to = localTime(span.endsAt, timeZone);
  const days: SessionDay[] = [];
  if (to > from) {
    for (let date = first; date <= last; date = addDays(date, 1)) {
      const weekday = dayOfWeek(date);
      const isWeekend = weekday === 0 || weekday === 6;
      if (isWeekend && date !== first && date !== last) continue;
      days.push({
        date,
        startsAt: zonedInstant(date, from, timeZone),
        endsAt: zonedInstant(date, to, timeZone),
      });
    }
    return days;
  }
  for (let date = first; date <= last; date = addDays(date, 1)) {
    const dayStart = zonedInstant(date, "00:00", timeZone);
    const nextStart = zonedInstant(addDays(date, 1), "00:00", timeZone);
    const startsAt = new Date(Math.max(dayStart.getTime(), span.startsAt.getTime()));
    const endsAt = new Date(Math.min(nextStart.getTime(), span.endsAt.getTime()));
    if (endsAt > startsAt) days.push({ date, startsAt, endsAt });
  }
  return days;
}

/** Total planned time of a session, in milliseconds (the sum of its days). */
export function plannedMs(span: SessionSpan, timeZone: string): number {
  return sessionDays(span, timeZone).reduce((sum, d) => sum + (d.endsAt.getTime() - d.startsAt.getTime()), 0);
}
