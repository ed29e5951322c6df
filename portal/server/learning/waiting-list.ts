import "server-only";
import type { Db } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import { type LockedSession, listWaiting, setEnrolmentsStatus } from "@tremplin/db/queries/learning";
import { queueMailJobs } from "@tremplin/db/queries/mail-jobs";
import { planPromotions } from "@tremplin/domain/enrolment";

export type Promoted = { enrolmentId: string; learnerId: string; learnerName: string };

/**
 * Gives the free seats of a locked session to the first on its waiting list, in the caller's
 * transaction (the session row must be locked: `lockSessionSeats`), with their audit lines and
 * their "promoted" e-mails (mail_jobs). Returns who was promoted.
 */
export async function promoteWaitingList(
  tx: Db,
  input: { session: LockedSession; seatsFreed: number; now: Date; requestId?: string | undefined },
): Promise<Promoted[]> {
  const { session } = input;
  const waiting = await listWaiting(tx, session.id);
  if (waiting.length === 0) return [];
  const ids = planPromotions({
    capacity: session.capacity,
    seatsTaken: session.seatsTaken - input.seatsFreed,
    waiting,
    session,
    now: input.now,
  });
  await setEnrolmentsStatus(tx, ids, "enrolled");
  const promoted = ids.map((id) => waiting.find((w) => w.id === id)!);
  for (const p of promoted) {
    await appendAudit(tx, {
      at: input.now,
      actorId: null,
      actorLabel: "Liste d'attente (automatique)",
      action: "enrolment.promoted",
      entityType: "session",
      entityId: session.id,
      details: { learnerId: p.learnerId, learner: p.displayName, by: "waiting_list" },
      requestId: input.requestId ?? null,
    });
  }
  await queueMailJobs(
    tx,
    promoted.map((p) => ({ kind: "promoted" as const, enrolmentId: p.id })),
    input.now,
  );
  return promoted.map((p) => ({ enrolmentId: p.id, learnerId: p.learnerId, learnerName: p.displayName }));
}

/**
 * After someone leaves a session: the seat they held (status `enrolled`, not a place in the
 * queue) goes to the first on the waiting list. Same transaction and lock as `promoteWaitingList`.
 */
export async function passOnFreedSeat(
  tx: Db,
  input: {
    session: LockedSession | undefined;
    leftStatus: string;
    now: Date;
    requestId?: string | undefined;
  },
): Promise<Promoted[]> {
  if (!input.session || input.leftStatus !== "enrolled") return [];
  return promoteWaitingList(tx, {
    session: input.session,
    seatsFreed: 1,
    now: input.now,
    requestId: input.requestId,
  });
}
