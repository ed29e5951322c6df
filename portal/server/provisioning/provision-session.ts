import "server-only";
import {
  findSessionForProvisioning,
  listSessionsToProvision,
  listSessionTrainees,
  type ProvisioningSession,
} from "@tremplin/db/queries/provisioning";
import { AppError } from "@tremplin/domain/errors";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { requireReadyDirectory } from "./directory-status";
import { disableExpiredStep, provisionSessionStep } from "./directory-steps";
import { type ProvisioningDeps, withRecordedRun } from "./recorded-run";
import type { ProvisioningResult } from "./report";
import type { RunBy } from "./run-record";
import { type RunRequest, scopeOf } from "./run-request";
import { sweepExpiredAccounts } from "./sweep-expired-accounts";

const day = 86_400_000;

/**
 * Provisions one session's trainees, or those of every session running or starting within
 * `days`, into Active Directory; then, with `sweep`, disables the accounts whose session ended
 * past the grace period. Idempotent: run again, it changes nothing. Returns the report with
 * the one-time initial passwords (nowhere else: the stored run and the audit log have none).
 */
export async function provisionSessions(
  deps: ProvisioningDeps,
  input: { by: RunBy; request: RunRequest },
): Promise<ProvisioningResult> {
  // Before any lookup: a person without the right learns nothing about which sessions exist.
  if (input.by.kind === "user") assertItAdmin(input.by.user);
  requireReadyDirectory(deps.directory);
  const scope = scopeOf(input.request);
  if (scope.kind === "sweep") return sweepExpiredAccounts(deps, { by: input.by });
  const now = (deps.now ?? (() => new Date()))();
  const sessions =
    scope.kind === "session"
      ? [await getProvisionableSession(deps, scope.sessionId, now)]
      : await listSessionsToProvision(deps.db, {
          now,
          startsBefore: new Date(now.getTime() + scope.days * day),
        });
  const trainees = await listSessionTrainees(
    deps.db,
    sessions.map((s) => s.id),
  );
  return withRecordedRun(
    deps,
    { by: input.by, scope, sessionIds: sessions.map((s) => s.id) },
    async ({ directory, usersOu, now: startedAt }) => {
      const steps = [];
      for (const session of sessions) {
        const own = trainees.filter((t) => t.sessionId === session.id);
        const step = await provisionSessionStep(directory, {
          session,
          trainees: own,
          usersOu,
          now: startedAt,
        });
        steps.push(step);
      }
      return {
        sessions: steps,
        sweep: input.request.sweep ? await disableExpiredStep(directory, startedAt) : null,
      };
    },
  );
}

async function getProvisionableSession(
  deps: ProvisioningDeps,
  sessionId: string,
  now: Date,
): Promise<ProvisioningSession> {
  const session = await findSessionForProvisioning(deps.db, sessionId);
  if (!session) {
    throw new AppError("not_found", "Session introuvable.", {
      issues: [{ path: "sessionId", message: "session introuvable" }],
    });
  }
  if (session.cancelledAt) {
    throw new AppError("conflict", "Cette session est annulée : rien à provisionner.", {
      issues: [{ path: "sessionId", message: "session annulée" }],
    });
  }
  if (session.endsAt <= now) {
    throw new AppError(
      "conflict",
      "Cette session est terminée : ses comptes seront désactivés après le délai de grâce.",
      {
        issues: [{ path: "sessionId", message: "session terminée" }],
      },
    );
  }
  return session;
}
