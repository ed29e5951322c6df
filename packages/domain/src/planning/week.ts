import { addDays, dayOfWeek, type LocalDate, zonedInstant } from "../calendar/local-time";

export type WeekDay = { date: LocalDate; startsAt: Date; endsAt: Date };

/** The Monday of the ISO week holding `date` (French calendars start on Monday). */
export function weekOf(date: LocalDate): LocalDate {
  const weekday = dayOfWeek(date);
  return addDays(date, weekday === 0 ? -6 : 1 - weekday);
}

/** The seven days from `monday`, each with its local bounds (23 or 25 hours on change days). */
export function weekDays(monday: LocalDate, timeZone: string): WeekDay[] {
  return Array.from({ length: 7 }, (_, i) => {
    const date = addDays(monday, i);
    return {
      date,
      startsAt: zonedInstant(date, "00:00", timeZone),
      endsAt: zonedInstant(addDays(date, 1), "00:00", timeZone),
    };
  });
}
