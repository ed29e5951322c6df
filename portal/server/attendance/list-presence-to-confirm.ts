import "server-only";
import type { Db } from "@tremplin/db/client";
import {
  type LearnerSessionRow,
  listLearnerSessionsBetween,
  listLearnerSignatures,
} from "@tremplin/db/queries/presence-confirmations";
import {
  confirmationGraceMs,
  type HalfDay,
  halfDaysOf,
  isConfirmationWindow,
} from "@tremplin/domain/attendance";

/** A half-day the learner may confirm now, and their confirmation if already given. */
export type PresenceToConfirm = {
  session: LearnerSessionRow;
  halfDay: HalfDay;
  confirmation: { at: Date; channel: "kiosk" | "portal"; kioskLabel: string | null } | undefined;
};

/** The half-day of `session` open for confirmation at `now` (running, or ended under 30 min ago). */
export function openHalfDay(session: LearnerSessionRow, now: Date): HalfDay | undefined {
  return halfDaysOf(session, session.timezone).find((h) => isConfirmationWindow(h, now));
}

/**
 * The learner's sessions with a half-day running or just ended at `now`, each with the learner's
 * confirmation of presence for it (given at the kiosk's logout or here), so "Mes formations" can
 * offer "Je confirme ma présence" or show when it was given.
 */
export async function listPresenceToConfirm(
  db: Db,
  input: { learnerId: string; now: Date },
): Promise<PresenceToConfirm[]> {
  const sessions = await listLearnerSessionsBetween(db, {
    learnerId: input.learnerId,
    from: new Date(input.now.getTime() - confirmationGraceMs),
    to: new Date(input.now.getTime() + 1),
  });
  const open = sessions.flatMap((session) => {
    const halfDay = openHalfDay(session, input.now);
    return halfDay ? [{ session, halfDay }] : [];
  });
  const signatures = await listLearnerSignatures(db, {
    learnerId: input.learnerId,
    sessionIds: open.map((o) => o.session.id),
  });
  return open.map(({ session, halfDay }) => {
    const first = signatures.find((s) => s.sessionId === session.id && isConfirmationWindow(halfDay, s.at));
    return {
      session,
      halfDay,
      confirmation: first && {
        at: first.at,
        channel: first.kioskLabel === null ? "portal" : "kiosk",
        kioskLabel: first.kioskLabel,
      },
    };
  });
}
