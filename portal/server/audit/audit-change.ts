import "server-only";
import type { Db } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import { type Actor, auditActor } from "./actor";

/** Who changed something, when, within which request: a use case's own input. */
export type ChangeBy = { actor: Actor; now: Date; requestId?: string | null | undefined };

/**
 * The audit line of a change a person made (`<entity>.<verb>` in the past tense), appended in the
 * transaction of the change: `tx` must be that transaction.
 */
export async function auditChange(
  tx: Db,
  by: ChangeBy,
  change: { action: string; entity: readonly [type: string, id: string]; details: Record<string, unknown> },
): Promise<void> {
  await appendAudit(tx, {
    at: by.now,
    ...auditActor(by.actor),
    action: change.action,
    entityType: change.entity[0],
    entityId: change.entity[1],
    details: change.details,
    requestId: by.requestId ?? null,
  });
}
