import "server-only";
import type { Db } from "@tremplin/db/client";
import { isUniqueViolation } from "@tremplin/db/errors";
import { appendAudit } from "@tremplin/db/queries/audit";
import {
  abandonStaleRuns,
  findRunningRun,
  finishRun,
  insertRunningRun,
  markUsersInDirectory,
} from "@tremplin/db/queries/provisioning";
import type { AuditEntry as DirectoryAuditEntry } from "@tremplin/directory/provision";
import { defaultTimeZone } from "@tremplin/domain/calendar";
import { AppError } from "@tremplin/domain/errors";
import type { Actor } from "@/server/audit/actor";
import { log } from "@/server/log";
import {
  type RunScope,
  type RunStatus,
  redactOutcomes,
  type SessionOutcome,
  type SweepOutcome,
  totalsOf,
} from "./report";

/** Who started a run: a signed-in IT person, or the scheduled job holding the provisioning token. */
export type RunBy = { kind: "user"; user: Actor } | { kind: "schedule" };

export const scheduleLabel = "Tâche planifiée (jeton de provisionnement)";

// A run of a few hundred accounts takes well under a minute; one still `running` after this
// was left by a process that died, and must not block provisioning for ever.
const staleAfterMs = 30 * 60_000;

const actorOf = (by: RunBy) =>
  by.kind === "user"
    ? { actorId: by.user.id, actorLabel: `${by.user.name} (${by.user.username})` }
    : { actorId: null, actorLabel: scheduleLabel };

/**
 * Takes the one running slot. Two runs at once (IT's click and the nightly job) would race to
 * create the same accounts; the second is told who holds the slot and since when.
 */
export async function beginRun(
  db: Db,
  input: { by: RunBy; scope: RunScope; sessionIds: string[]; startedAt: Date; requestId?: string },
): Promise<string> {
  await abandonStaleRuns(db, new Date(input.startedAt.getTime() - staleAfterMs), input.startedAt);
  try {
    return await insertRunningRun(db, {
      startedAt: input.startedAt,
      trigger: input.by.kind === "user" ? "portal" : "schedule",
      ...actorOf(input.by),
      scope: input.scope,
      sessionIds: input.sessionIds,
      requestId: input.requestId ?? null,
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const running = await findRunningRun(db);
    const since = running
      ? new Intl.DateTimeFormat("fr-FR", { timeZone: defaultTimeZone, timeStyle: "short" }).format(
          running.startedAt,
        )
      : "?";
    throw new AppError(
      "conflict",
      `Un provisionnement est déjà en cours (lancé à ${since} par ${running?.actorLabel ?? "?"}) : réessayez quand il sera terminé.`,
    );
  }
}

export type RunRecord = {
  runId: string;
  by: RunBy;
  scope: RunScope;
  status: RunStatus;
  sessions: SessionOutcome[];
  sweep: SweepOutcome | null;
  /** The directory's audit entries, in the order AD was changed. */
  audit: DirectoryAuditEntry[];
  /** Local accounts without a password that now have an AD account. */
  movedToDirectory: string[];
  finishedAt: Date;
  requestId?: string;
};

/**
 * Writes the run's outcome (without passwords), every AD change to the audit log and the
 * accounts that moved to the directory, in one transaction: all of it or none.
 */
export async function recordRun(db: Db, record: RunRecord): Promise<void> {
  const totals = totalsOf(record.sessions, record.sweep);
  const actor = actorOf(record.by);
  await db.transaction(async (tx) => {
    await finishRun(tx, record.runId, {
      status: record.status,
      finishedAt: record.finishedAt,
      sessionIds: record.sessions.map((s) => s.sessionId),
      ...totals,
      report: { sessions: redactOutcomes(record.sessions), sweep: record.sweep },
    });
    for (const entry of record.audit) {
      await appendAudit(tx, {
        at: record.finishedAt,
        ...actor,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        details: { ...entry.details, runId: record.runId },
        requestId: record.requestId ?? null,
      });
    }
    await appendAudit(tx, {
      at: record.finishedAt,
      ...actor,
      action: "provisioning_run.finished",
      entityType: "provisioning_run",
      entityId: record.runId,
      details: { scope: record.scope, status: record.status, ...totals },
      requestId: record.requestId ?? null,
    });
    await markUsersInDirectory(tx, record.movedToDirectory);
  });
}

/** After a failed record: frees the running slot at once rather than after `staleAfterMs`. */
export async function releaseRun(db: Db, runId: string, finishedAt: Date): Promise<void> {
  try {
    await finishRun(db, runId, {
      status: "failed",
      finishedAt,
      report: { error: "le résultat n'a pas pu être enregistré (voir le journal du portail)" },
    });
  } catch (error) {
    // The database is still down: the slot is freed as stale later, nothing else to do here.
    log.warn({ err: error, runId }, "provisioning run slot not released");
  }
}
