import { type SessionSpan, sessionDays } from "./session-days";

/** What planning needs to know of a session to detect a double booking. */
export type PlannedSession = SessionSpan & {
  id: string;
  roomId: string | null;
  trainerId: string | null;
};

export type Conflict<S extends PlannedSession = PlannedSession> = { kind: "room" | "trainer"; session: S };

/**
 * Sessions that take the same room or the same trainer at the same time as `candidate`.
 * Compared day by day: a week-long 9h–17h session does not clash with an evening class in
 * its room, though their spans overlap. Touching ends (12h30 / 12h30) do not clash.
 */
export function findConflicts<S extends PlannedSession>(
  candidate: Omit<PlannedSession, "id"> & { id?: string | undefined },
  others: S[],
  timeZone: string,
): Conflict<S>[] {
  const mine = sessionDays(candidate, timeZone);
  const conflicts: Conflict<S>[] = [];
  for (const other of others) {
    if (other.id === candidate.id) continue;
    const sameRoom = candidate.roomId !== null && other.roomId === candidate.roomId;
    const sameTrainer = candidate.trainerId !== null && other.trainerId === candidate.trainerId;
    if (!sameRoom && !sameTrainer) continue;
    const theirs = sessionDays(other, timeZone);
    const clash = mine.some((a) => theirs.some((b) => a.startsAt < b.endsAt && b.startsAt < a.endsAt));
    if (!clash) continue;
    if (sameRoom) conflicts.push({ kind: "room", session: other });
    if (sameTrainer) conflicts.push({ kind: "trainer", session: other });
  }
  return conflicts;
}
