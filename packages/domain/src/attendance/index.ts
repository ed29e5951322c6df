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
  confirmationGraceMs,
  type HalfDayPresence,
  type HalfDayStatus,
  isConfirmationWindow,
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
