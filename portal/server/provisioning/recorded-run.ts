import "server-only";
import type { Db } from "@tremplin/db/client";
import type { Directory } from "@tremplin/directory/client";
import type { AuditEntry } from "@tremplin/directory/provision";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { log } from "@/server/log";
import { requireReadyDirectory } from "./directory-status";
import type { StepResult } from "./directory-steps";
import {
  type ProvisioningResult,
  type RunScope,
  runStatus,
  type SessionOutcome,
  type SweepOutcome,
  totalsOf,
} from "./report";
import { beginRun, type RunBy, recordRun, releaseRun } from "./run-record";

export type ProvisioningDeps = {
  db: Db;
  /** `findDirectory()` in the portal; undefined when no directory is configured. */
  directory: Directory | undefined;
  /** Read at the start (decisions, expiry) and at the end (the record). */
  now?: () => Date;
  requestId?: string;
};

export type RunWork = (context: { directory: Directory; usersOu: string; now: Date }) => Promise<{
  sessions: StepResult<SessionOutcome>[];
  sweep: StepResult<SweepOutcome> | null;
}>;

/**
 * The frame of every run: check who asks and that a directory can be written, take the
 * running slot, do the AD work, then record the outcome and the audit in one transaction.
 * When that last write fails, AD has changed all the same: the result still goes back (with
 * the passwords, which could not be shown again) and says `recorded: false`.
 */
export async function withRecordedRun(
  deps: ProvisioningDeps,
  run: { by: RunBy; scope: RunScope; sessionIds: string[]; mustChangePassword?: boolean },
  work: RunWork,
): Promise<ProvisioningResult> {
  if (run.by.kind === "user") assertItAdmin(run.by.user);
  const { directory, status } = requireReadyDirectory(deps.directory);
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const runId = await beginRun(deps.db, {
    by: run.by,
    scope: run.scope,
    sessionIds: run.sessionIds,
    startedAt,
    requestId: deps.requestId,
  });
  const done = await work({ directory, usersOu: status.usersOu, now: startedAt });
  const sessions = done.sessions.map((s) => s.outcome);
  const sweep = done.sweep?.outcome ?? null;
  const audit: AuditEntry[] = [...done.sessions, ...(done.sweep ? [done.sweep] : [])].flatMap((s) => s.audit);
  const finishedAt = now();
  const result: ProvisioningResult = {
    runId,
    status: runStatus(sessions, sweep),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    scope: run.scope,
    sessions,
    sweep,
    totals: totalsOf(sessions, sweep),
    mustChangePassword: status.mustChangePassword,
    recorded: true,
  };
  try {
    await recordRun(deps.db, {
      runId,
      by: run.by,
      scope: run.scope,
      status: result.status,
      sessions,
      sweep,
      audit,
      movedToDirectory: done.sessions.flatMap((s) => s.movedToDirectory),
      finishedAt,
      requestId: deps.requestId,
    });
  } catch (error) {
    // The audit entries go to the log instead: the changes stay traceable.
    log.error({ err: error, runId, audit, requestId: deps.requestId }, "provisioning run not recorded");
    result.recorded = false;
    await releaseRun(deps.db, runId, finishedAt);
  }
  return result;
}
