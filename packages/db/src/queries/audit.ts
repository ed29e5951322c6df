import { and, count, desc, eq, gte, ilike, lt, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { readRows } from "../rows";
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

export type AuditFilters = {
  /** Part of the actor's label (name or login), any case. */
  actor?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
};

/** `%` and `_` typed in a search box are letters, not wildcards. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function auditWhere(filters: AuditFilters): SQL | undefined {
  return and(
    filters.actor ? ilike(auditLog.actorLabel, `%${likeEscape(filters.actor)}%`) : undefined,
    filters.action ? eq(auditLog.action, filters.action) : undefined,
    filters.entityType ? eq(auditLog.entityType, filters.entityType) : undefined,
    filters.entityId ? eq(auditLog.entityId, filters.entityId) : undefined,
    filters.from ? gte(auditLog.at, filters.from) : undefined,
    filters.to ? lt(auditLog.at, filters.to) : undefined,
  );
}

/** One page of the audit log, newest first, and how many entries match in all. */
export async function searchAuditLog(db: Db, filters: AuditFilters, page: { limit: number; offset: number }) {
  const where = auditWhere(filters);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}
export type AuditRow = Awaited<ReturnType<typeof searchAuditLog>>["rows"][number];

/**
 * The distinct values of an indexed column, by skipping from one value to the next through the
 * index (a "loose index scan"): a handful of index probes instead of reading the whole log.
 */
async function distinctValues(db: Db, column: "action" | "entity_type"): Promise<string[]> {
  const col = sql.identifier(column);
  const result = await db.execute(sql`
    with recursive v(value) as (
      (select ${col} from audit_log order by ${col} limit 1)
      union all
      select (select ${col} from audit_log where ${col} > v.value order by ${col} limit 1)
      from v where v.value is not null
    )
    select value from v where value is not null`);
  return readRows(result, z.object({ value: z.string() })).map((r) => r.value);
}

/** The actions and entity types present in the log, for the filter lists. */
export async function listAuditFacets(db: Db) {
  const [actions, entityTypes] = await Promise.all([
    distinctValues(db, "action"),
    distinctValues(db, "entity_type"),
  ]);
  return { actions, entityTypes };
}

/** The latest entry about an entity: who changed a session last, for a conflict message. */
export async function findLatestAudit(db: Db, entityType: string, entityId: string) {
  const [row] = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
    .orderBy(desc(auditLog.at), sql`${auditLog.id} desc`)
    .limit(1);
  return row;
}
