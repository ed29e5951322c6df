export { formatHours } from "./format";
export {
  type DaySplit,
  defaultDaySplit,
  type HalfDay,
  halfDayKey,
  halfDaysOf,
  type Period,
} from "./half-days";
export { type CorrectionInput, correctionInputSchema, notesInputSchema } from "./inputs";
export { clip, coveredMs, type Interval, mergeIntervals } from "./intervals";
export {
  assessHalfDay,
  type HalfDayPresence,
  type HalfDayStatus,
  type PresenceRecord,
} from "./presence";
export {
  buildAttendanceSheet,
  currentHalfDayIndex,
  type Sheet,
  type SheetHalfDay,
  type SheetLine,
  type SheetRecord,
  type SheetValidation,
} from "./sheet";
