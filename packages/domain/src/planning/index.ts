export { type Conflict, findConflicts, type PlannedSession } from "./conflicts";
export {
  localTime,
  plannedMs,
  type SessionDay,
  type SessionSpan,
  sessionDays,
} from "./session-days";
export { parseSessionInput, type SessionInput, sessionInputSchema } from "./session-input";
export { type WeekDay, weekDays, weekOf } from "./week";
