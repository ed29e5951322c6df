import type { Db } from "../client";
import { auditLog } from "../schema/index";

export type AuditEntry = {
  at: Date;
  /** Null for the system itself (seed, scheduled job); `actorLabel` then says which. */
  actorId: string | null;
  actorLabel: string;
  /** `<entity>.<verb>` in the past tense: `kiosk.revoked`, `room.created`. */
  action: string;
  entityType: string;
  entityId: string | null;
  details: Record<string, unknown>;
  requestId?: string | null;
};

/** Appends one line to the audit log. Call it inside the transaction of the change it records. */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ ...entry, requestId: entry.requestId ?? null });
}
