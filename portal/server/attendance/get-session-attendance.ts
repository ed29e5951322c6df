import "server-only";
import type { Db } from "@tremplin/db/client";
import {
  type AttendanceRow,
  listAttendanceRecords,
  listRemoteActivity,
  listSheetLearners,
  listValidations,
  type SheetLearner,
  type ValidationRow,
} from "@tremplin/db/queries/attendance";
import { buildAttendanceSheet, currentHalfDayIndex, type Sheet } from "@tremplin/domain/attendance";
import type { Actor } from "@/server/audit/actor";
import { getViewableSession, type SessionAccess } from "./session-access";

/** What a trainer sees of one learner right now: the post they are on, since when, remote work. */
export type LivePresence = {
  learnerId: string;
  /** Open kiosk logon: the post and the time it started. */
  onPost: { label: string; since: Date } | undefined;
  /** The last closed kiosk logon, when not on a post now. */
  lastPost: { label: string; endedAt: Date; endReason: string | null } | undefined;
  /** Remote work: an open or last remote attendance record, and active time in the modules. */
  remote:
    | {
        onlineSince: Date | undefined;
        lastSpan: { from: Date; to: Date } | undefined;
        activeSeconds: number;
        lastActivityAt: Date | null;
      }
    | undefined;
};

export type SessionAttendance = SessionAccess & {
  sheet: Sheet<SheetLearner, AttendanceRow, ValidationRow>;
  live: Map<string, LivePresence>;
  currentHalfDay: number;
  now: Date;
};

/**
 * A session's attendance for the trainer's page and the exports: the sheet (half-days ×
 * learners, with evidence, corrections and validations) and the live view of each learner.
 */
export async function getSessionAttendance(
  db: Db,
  input: { actor: Actor; sessionId: unknown; now: Date },
): Promise<SessionAttendance> {
  const access = await getViewableSession(db, input.actor, input.sessionId);
  const { session } = access;
  const [learners, records, validations, remote] = await Promise.all([
    listSheetLearners(db, session.id),
    listAttendanceRecords(db, [session.id]),
    listValidations(db, session.id),
    listRemoteActivity(db, session.id),
  ]);
  const sheet = buildAttendanceSheet({
    session,
    timeZone: session.timezone,
    learners,
    records,
    validations,
    now: input.now,
  });
  const remoteBy = new Map(remote.map((r) => [r.learnerId, r]));
  const live = new Map<string, LivePresence>();
  for (const learner of learners) {
    const kiosk = records.filter((r) => r.learnerId === learner.id && r.source === "kiosk" && r.kioskLabel);
    const open = kiosk.filter((r) => r.endedAt === null).at(-1);
    const closed = kiosk
      .filter((r) => r.endedAt !== null)
      .sort((a, b) => +a.endedAt! - +b.endedAt!)
      .at(-1);
    const activity = remoteBy.get(learner.id);
    const remoteRecords = records.filter((r) => r.learnerId === learner.id && r.source === "remote");
    const online = remoteRecords.filter((r) => r.endedAt === null).at(-1);
    const lastRemote = remoteRecords
      .filter((r) => r.endedAt !== null)
      .sort((a, b) => +a.endedAt! - +b.endedAt!)
      .at(-1);
    const hasRemote =
      remoteRecords.length > 0 ||
      (activity !== undefined && (activity.activeSeconds > 0 || activity.lastActivityAt !== null));
    live.set(learner.id, {
      learnerId: learner.id,
      onPost: open ? { label: open.kioskLabel!, since: open.startedAt } : undefined,
      lastPost:
        !open && closed
          ? { label: closed.kioskLabel!, endedAt: closed.endedAt!, endReason: closed.endReason }
          : undefined,
      remote: hasRemote
        ? {
            onlineSince: online?.startedAt,
            lastSpan: lastRemote ? { from: lastRemote.startedAt, to: lastRemote.endedAt! } : undefined,
            activeSeconds: activity?.activeSeconds ?? 0,
            lastActivityAt: activity?.lastActivityAt ?? null,
          }
        : undefined,
    });
  }
  return {
    ...access,
    sheet,
    live,
    currentHalfDay: currentHalfDayIndex(sheet.halfDays, input.now),
    now: input.now,
  };
}
