import "server-only";
import type { ProvisioningSession, SessionTrainee } from "@tremplin/db/queries/provisioning";
import type { Directory } from "@tremplin/directory/client";
import { disableExpiredAccounts } from "@tremplin/directory/disable-expired-accounts";
import { DirectoryError } from "@tremplin/directory/errors";
import { type AuditEntry, provisionSession } from "@tremplin/directory/provision";
import { isAppError } from "@tremplin/domain/errors";
import { log } from "@/server/log";
import { findAccountsOutsideOu } from "./accounts-outside-ou";
import type { SessionOutcome, SweepOutcome } from "./report";
import { selectTrainees, sessionCode, sessionLabel } from "./trainee-selection";

export type StepResult<T> = { outcome: T; audit: AuditEntry[]; movedToDirectory: string[] };

const emptyReport = () => ({ created: [], updated: [], disabled: [], unchanged: [], failed: [] });

/** What a person reads when a whole step stopped: our own messages, never a raw LDAP error. */
export function stepError(error: unknown, what: string): string {
  if (isAppError(error) || error instanceof DirectoryError) return error.message;
  log.error({ err: error, what }, "provisioning step failed unexpectedly");
  return "erreur inattendue (détails dans le journal du portail)";
}

/**
 * Brings AD in line with one session's enrolment list. Never throws: a session that cannot be
 * provisioned (DC unreachable, missing rights) comes back with `error`, the others go on.
 */
export async function provisionSessionStep(
  directory: Directory,
  input: { session: ProvisioningSession; trainees: SessionTrainee[]; usersOu: string; now: Date },
): Promise<StepResult<SessionOutcome>> {
  const { session } = input;
  const selected = selectTrainees(input.trainees);
  const outcome: SessionOutcome = {
    sessionId: session.id,
    code: sessionCode(session.id),
    label: sessionLabel(session),
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    report: emptyReport(),
    skipped: selected.skipped,
    displayNames: Object.fromEntries(input.trainees.map((t) => [t.username, t.displayName])),
  };
  try {
    const outside = await findAccountsOutsideOu(directory, {
      usernames: selected.toProvision.map((t) => t.trainee.username),
      usersOu: input.usersOu,
    });
    const toProvision = selected.toProvision.filter((t) => !outside.has(t.trainee.username.toLowerCase()));
    for (const t of selected.toProvision.filter((t) => outside.has(t.trainee.username.toLowerCase()))) {
      outcome.skipped.push({
        username: t.trainee.username,
        displayName: t.trainee.displayName,
        reason: "compte de l'annuaire hors de l'OU des stagiaires (personnel ?) : utilisé tel quel",
      });
    }
    const { report, audit } = await provisionSession(directory, {
      session: { code: outcome.code, title: outcome.label, endsAt: session.endsAt },
      trainees: toProvision.map((t) => t.trainee),
      now: input.now,
      disableExpired: false,
    });
    outcome.report = report;
    const inAd = new Set(
      [...report.created, ...report.updated].map((r) => r.username).concat(report.unchanged),
    );
    const movedToDirectory = toProvision
      .filter((t) => t.isLocalWithoutPassword && inAd.has(t.trainee.username))
      .map((t) => t.userId);
    return { outcome, audit, movedToDirectory };
  } catch (error) {
    outcome.error = stepError(error, `session ${session.id}`);
    return { outcome, audit: [], movedToDirectory: [] };
  }
}

/**
 * Disables the accounts whose session ended past the grace period. Never throws either: an
 * interrupted pass still reports (and audits) what it disabled before stopping.
 */
export async function disableExpiredStep(directory: Directory, now: Date): Promise<StepResult<SweepOutcome>> {
  try {
    const { report, audit, interrupted } = await disableExpiredAccounts(directory, { now });
    const outcome: SweepOutcome = { disabled: report.disabled };
    if (interrupted) outcome.error = stepError(interrupted, "sweep");
    return { outcome, audit, movedToDirectory: [] };
  } catch (error) {
    return { outcome: { disabled: [], error: stepError(error, "sweep") }, audit: [], movedToDirectory: [] };
  }
}
