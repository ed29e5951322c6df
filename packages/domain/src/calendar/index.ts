export {
  addDays,
  dayOfWeek,
  defaultTimeZone,
  type LocalDate,
  localDate,
  startOfLocalDay,
  zonedInstant,
  zoneOffsetMs,
} from "./local-time";
