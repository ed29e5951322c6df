export {
  addDays,
  dayOfWeek,
  type LocalDate,
  localDate,
  startOfLocalDay,
  zonedInstant,
  zoneOffsetMs,
} from "./local-time";
