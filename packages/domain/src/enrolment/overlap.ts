/** A session the learner already holds a place in (a seat or a place in line). */
export type HeldSession = {
  sessionId: string;
  trainingTitle: string;
  startsAt: Date;
  endsAt: Date;
  isCancelled: boolean;
  /** The session's site time zone, to say when it is. */
  timeZone: string;
};

/**
 * The first session the learner already holds that runs at the same time as `target` (the two
 * time ranges share at least a minute; one ending when the other starts is no clash). The
 * target itself and cancelled sessions never count. Enrolling anyway is allowed: a learner may
 * mean to swap; the portal warns and asks first.
 */
export function findOverlappingSession(
  target: { sessionId: string; startsAt: Date; endsAt: Date },
  held: HeldSession[],
): HeldSession | undefined {
  return held
    .filter((h) => !h.isCancelled && h.sessionId !== target.sessionId)
    .filter((h) => h.startsAt < target.endsAt && target.startsAt < h.endsAt)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
}

/** Held sessions from a learner's enrolment rows (self-paced ones have no session: no clash). */
export function heldSessions(
  rows: {
    sessionId: string | null;
    trainingTitle: string;
    startsAt: Date | null;
    endsAt: Date | null;
    sessionCancelledAt: Date | null;
    timezone: string;
  }[],
): HeldSession[] {
  return rows.flatMap((r) =>
    r.sessionId && r.startsAt && r.endsAt
      ? [
          {
            sessionId: r.sessionId,
            trainingTitle: r.trainingTitle,
            startsAt: r.startsAt,
            endsAt: r.endsAt,
            isCancelled: r.sessionCancelledAt !== null,
            timeZone: r.timezone,
          },
        ]
      : [],
  );
}
