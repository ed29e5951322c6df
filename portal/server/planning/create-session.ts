import "server-only";
import type { Db } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import { insertSession, lockPlanningKeys } from "@tremplin/db/queries/planning";
import { type Actor, auditActor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { assertNoConflicts, planKeys, resolveSessionPlan } from "./session-plan";

/**
 * IT plans a session: training, room, trainer, master version, dates, capacity. A room or a
 * trainer already taken at those hours is refused; so is the same form sent twice (it clashes
 * with the session the first one created).
 */
export async function createSession(
  db: Db,
  input: { actor: Actor; fields: unknown; now: Date; requestId?: string },
): Promise<{ id: string; version: number }> {
  assertItAdmin(input.actor);
  const plan = await resolveSessionPlan(db, input.fields);
  return db.transaction(async (tx) => {
    await lockPlanningKeys(tx, planKeys(plan.values));
    await assertNoConflicts(tx, plan);
    const created = await insertSession(tx, plan.values);
    await appendAudit(tx, {
      at: input.now,
      ...auditActor(input.actor),
      action: "session.created",
      entityType: "session",
      entityId: created.id,
      details: {
        training: plan.names.training,
        room: plan.names.room,
        trainer: plan.names.trainer,
        startsAt: plan.values.startsAt.toISOString(),
        endsAt: plan.values.endsAt.toISOString(),
        capacity: plan.values.capacity,
        masterVersionId: plan.values.masterVersionId,
      },
      requestId: input.requestId ?? null,
    });
    return created;
  });
}
