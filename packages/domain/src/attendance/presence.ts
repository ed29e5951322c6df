import type { HalfDay } from "./half-days";
import { coveredMs, type Interval } from "./intervals";

/** An attendance record as the rules need it (see `attendance_records`). */
export type PresenceRecord = {
  id: string;
  source: "kiosk" | "trainer" | "remote" | "signature";
  status: "present" | "absent";
  startedAt: Date;
  /** Null while a kiosk logon is still open. */
  endedAt: Date | null;
  createdAt: Date;
};

export type HalfDayStatus = "present" | "absent" | "pending" | "upcoming";

/**
 * How long after a half-day ends the learner may still confirm it: a trainee logs out at 12:35
 * from a morning that ended at 12:30. Shorter than the lunch break (`defaultDaySplit`: one hour),
 * so a confirmation never falls in two half-days.
 */
export const confirmationGraceMs = 30 * 60_000;

/** Whether a learner's confirmation made at `at` may still be given, or counts, for `halfDay`. */
export function isConfirmationWindow(halfDay: HalfDay, at: Date): boolean {
  const t = at.getTime();
  return t >= halfDay.startsAt.getTime() && t < halfDay.endsAt.getTime() + confirmationGraceMs;
}

export type HalfDayPresence<R extends PresenceRecord = PresenceRecord> = {
  status: HalfDayStatus;
  /** Kiosk logons, remote activity and signatures that meet the half-day. */
  evidence: R[];
  /** The trainer's latest correction for the half-day, which overrides the evidence. */
  correction: R | undefined;
  /** The learner's own confirmation of presence (a `signature`: the first one given), if any. */
  confirmation: R | undefined;
  /** Time proven by the evidence inside the half-day, overlaps counted once. */
  evidencedMs: number;
  /** Time retained for the learner: evidence, or the whole half-day if the trainer says present. */
  retainedMs: number;
};

/** Evidence counts up to `now` at most: an open logon, or one stamped ahead by a skewed clock. */
function intervalOf(record: PresenceRecord, now: Date): Interval {
  const start = record.startedAt.getTime();
  if (record.source === "trainer") return { start, end: (record.endedAt ?? record.startedAt).getTime() };
  const end = Math.min((record.endedAt ?? now).getTime(), now.getTime());
  return { start, end: Math.max(start, end) };
}

function meets(record: PresenceRecord, halfDay: HalfDay, now: Date): boolean {
  const i = intervalOf(record, now);
  // A signature is the learner's confirmation, an instant: it proves the half-day it falls in,
  // or the one that ended just before (confirmed at logout, a few minutes after the end).
  if (record.source === "signature") return isConfirmationWindow(halfDay, record.startedAt);
  if (i.end === i.start) return i.start >= halfDay.startsAt.getTime() && i.start < halfDay.endsAt.getTime();
  return i.start < halfDay.endsAt.getTime() && i.end > halfDay.startsAt.getTime();
}

/**
 * Decides one learner's presence for one half-day at `now`. A trainer correction wins (the
 * latest one, so a mistake can be corrected again); otherwise any evidence makes the learner
 * present; with none, the half-day is `pending` while it runs and `absent` once over. Open
 * kiosk logons count up to `now`, never beyond the half-day.
 */
export function assessHalfDay<R extends PresenceRecord>(
  halfDay: HalfDay,
  records: R[],
  now: Date,
): HalfDayPresence<R> {
  const window = {
    start: halfDay.startsAt.getTime(),
    end: Math.min(halfDay.endsAt.getTime(), now.getTime()),
  };
  // A correction may be entered ahead ("absent cet après-midi"); evidence only once it happened.
  const relevant = records.filter(
    (r) => (r.source === "trainer" || r.startedAt.getTime() <= now.getTime()) && meets(r, halfDay, now),
  );
  const correction = relevant
    .filter((r) => r.source === "trainer")
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .at(-1);
  const evidence = relevant
    .filter((r) => r.source !== "trainer" && r.status === "present")
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const evidencedMs =
    window.end > window.start
      ? coveredMs(
          evidence.map((r) => intervalOf(r, now)),
          window,
        )
      : 0;
  const confirmation = evidence.find((r) => r.source === "signature");
  const fullMs = halfDay.endsAt.getTime() - halfDay.startsAt.getTime();
  if (correction) {
    const present = correction.status === "present";
    const retainedMs = present ? fullMs : 0;
    return { status: correction.status, evidence, correction, confirmation, evidencedMs, retainedMs };
  }
  let status: HalfDayStatus;
  if (evidence.length > 0) status = "present";
  else if (now < halfDay.startsAt) status = "upcoming";
  else if (now < halfDay.endsAt) status = "pending";
  else status = "absent";
  return { status, evidence, correction, confirmation, evidencedMs, retainedMs: evidencedMs };
}
