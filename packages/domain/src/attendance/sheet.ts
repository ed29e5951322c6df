import type { SessionSpan } from "../planning/session-days";
import { type DaySplit, defaultDaySplit, type HalfDay, halfDayKey, halfDaysOf } from "./half-days";
import { assessHalfDay, type HalfDayPresence, type PresenceRecord } from "./presence";

export type SheetRecord = PresenceRecord & { learnerId: string };
export type SheetValidation = { date: string; period: "am" | "pm" };

export type SheetHalfDay<V> = HalfDay & { key: string; validation: V | undefined };
export type SheetLine<L, R extends SheetRecord> = {
  learner: L;
  /** One per half-day of the sheet, in the same order. */
  cells: HalfDayPresence<R>[];
  retainedMs: number;
};
export type Sheet<L, R extends SheetRecord, V> = {
  halfDays: SheetHalfDay<V>[];
  lines: SheetLine<L, R>[];
  /** The session's planned time, what each learner's retained time compares with. */
  plannedMs: number;
};

/**
 * The attendance sheet at `now`: for each learner and each half-day, the presence decided by
 * `assessHalfDay` from that learner's records, and each half-day's validation if any.
 */
export function buildAttendanceSheet<
  L extends { id: string },
  R extends SheetRecord,
  V extends SheetValidation,
>(input: {
  session: SessionSpan;
  timeZone: string;
  learners: L[];
  records: R[];
  validations: V[];
  now: Date;
  split?: DaySplit;
}): Sheet<L, R, V> {
  const validationByKey = new Map(input.validations.map((v) => [halfDayKey(v), v]));
  const halfDays = halfDaysOf(input.session, input.timeZone, input.split ?? defaultDaySplit).map((h) => ({
    ...h,
    key: halfDayKey(h),
    validation: validationByKey.get(halfDayKey(h)),
  }));
  const recordsByLearner = new Map<string, R[]>();
  for (const r of input.records) {
    const list = recordsByLearner.get(r.learnerId) ?? [];
    list.push(r);
    recordsByLearner.set(r.learnerId, list);
  }
  const lines = input.learners.map((learner) => {
    const mine = recordsByLearner.get(learner.id) ?? [];
    const cells = halfDays.map((h) => assessHalfDay(h, mine, input.now));
    return { learner, cells, retainedMs: cells.reduce((sum, c) => sum + c.retainedMs, 0) };
  });
  const plannedMs = halfDays.reduce((sum, h) => sum + (h.endsAt.getTime() - h.startsAt.getTime()), 0);
  return { halfDays, lines, plannedMs };
}

/** The half-day running at `now`, else the latest one started, else the first: what "live" shows. */
export function currentHalfDayIndex(halfDays: HalfDay[], now: Date): number {
  let index = 0;
  halfDays.forEach((h, i) => {
    if (h.startsAt <= now) index = i;
  });
  return index;
}
