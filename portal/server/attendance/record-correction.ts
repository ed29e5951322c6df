import "server-only";
import type { Db } from "@tremplin/db/client";
import { insertCorrection } from "@tremplin/db/queries/attendance";
import { appendAudit } from "@tremplin/db/queries/audit";
import type { HalfDay } from "@tremplin/domain/attendance";
import { type Actor, auditActor } from "@/server/audit/actor";

type Status = "present" | "absent";

/**
 * One trainer's correction inside the caller's transaction: the `trainer` record covering the
 * half-day and its audit line, the same for a single correction and for "Tous présents".
 */
export async function recordCorrection(
  tx: Db,
  input: {
    actor: Actor;
    sessionId: string;
    learner: { id: string; displayName: string; username: string };
    halfDay: HalfDay;
    status: Status;
    previousStatus: Status | null;
    reason: string;
    /** Whether this change removed the half-day's validation. */
    validationWithdrawn: boolean;
    isBulk?: boolean;
    now: Date;
    requestId?: string | undefined;
  },
): Promise<void> {
  const { halfDay, learner } = input;
  const record = await insertCorrection(tx, {
    sessionId: input.sessionId,
    learnerId: learner.id,
    status: input.status,
    startedAt: halfDay.startsAt,
    endedAt: halfDay.endsAt,
    reason: input.reason,
    recordedBy: input.actor.id,
    createdAt: input.now,
  });
  await appendAudit(tx, {
    at: input.now,
    ...auditActor(input.actor),
    action: "attendance.corrected",
    entityType: "session",
    entityId: input.sessionId,
    details: {
      recordId: record.id,
      learnerId: learner.id,
      learner: `${learner.displayName} (${learner.username})`,
      date: halfDay.date,
      period: halfDay.period,
      status: input.status,
      previousStatus: input.previousStatus,
      reason: input.reason,
      ...(input.isBulk ? { isBulk: true } : {}),
      validationWithdrawn: input.validationWithdrawn,
    },
    requestId: input.requestId ?? null,
  });
}
