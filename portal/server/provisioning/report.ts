import type { ProvisionReport } from "@tremplin/directory/provision";
import type { SkippedTrainee } from "./trainee-selection";

export type RunScope =
  | { kind: "session"; sessionId: string }
  | { kind: "upcoming"; days: number }
  | { kind: "sweep" };

/** One session's part of a run. `error`: the session could not be provisioned at all. */
export type SessionOutcome = {
  sessionId: string;
  code: string;
  label: string;
  startsAt: string;
  endsAt: string;
  report: ProvisionReport;
  skipped: SkippedTrainee[];
  /** Username → name as the portal knows it, for the trainer's printed sheets. */
  displayNames: Record<string, string>;
  error?: string;
};
export type SweepOutcome = { disabled: ProvisionReport["disabled"]; error?: string };
export type ProvisioningTotals = Record<
  "created" | "updated" | "disabled" | "unchanged" | "failed" | "skipped",
  number
>;
export type RunStatus = "succeeded" | "partial" | "failed";

/**
 * What a run returns to whoever started it. The initial passwords in `sessions[].report` are
 * here once: the stored copy is `redactOutcomes`'s.
 */
export type ProvisioningResult = {
  runId: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string;
  scope: RunScope;
  sessions: SessionOutcome[];
  sweep: SweepOutcome | null;
  totals: ProvisioningTotals;
  mustChangePassword: boolean;
  /** False when AD was changed but the run could not be written to the database (see the log). */
  recorded: boolean;
};

export function totalsOf(sessions: SessionOutcome[], sweep: SweepOutcome | null): ProvisioningTotals {
  const sum = (pick: (o: SessionOutcome) => number) => sessions.reduce((n, o) => n + pick(o), 0);
  return {
    created: sum((o) => o.report.created.length),
    updated: sum((o) => o.report.updated.length),
    disabled: sum((o) => o.report.disabled.length) + (sweep?.disabled.length ?? 0),
    unchanged: sum((o) => o.report.unchanged.length),
    failed: sum((o) => o.report.failed.length),
    skipped: sum((o) => o.skipped.length),
  };
}

/**
 * `failed`: nothing could be done (every session and the sweep stopped on an error);
 * `partial`: something was refused or stopped, or a session's trainees were all skipped (none of
 * them will sign in at a post: not a success to show in green); `succeeded`: all went through.
 */
export function runStatus(sessions: SessionOutcome[], sweep: SweepOutcome | null): RunStatus {
  const parts = [...sessions.map((s) => s.error), ...(sweep ? [sweep.error] : [])];
  const errors = parts.filter(Boolean).length;
  if (parts.length > 0 && errors === parts.length) return "failed";
  if (errors > 0 || sessions.some((s) => s.report.failed.length > 0 || isAllSkipped(s))) return "partial";
  return "succeeded";
}

/** A session whose trainees were all left out of the directory: no account came out of it. */
export function isAllSkipped(outcome: SessionOutcome): boolean {
  const { report } = outcome;
  const provisioned = report.created.length + report.updated.length + report.unchanged.length;
  return !outcome.error && outcome.skipped.length > 0 && provisioned + report.failed.length === 0;
}

type RedactedReport = Omit<ProvisionReport, "created" | "updated"> & {
  created: { username: string; dn: string; initialPasswordIssued: true }[];
  updated: { username: string; dn: string; changes: string[]; initialPasswordIssued?: true }[];
};
export type RedactedSessionOutcome = Omit<SessionOutcome, "report"> & { report: RedactedReport };
export type RedactedResult = Omit<ProvisioningResult, "sessions"> & { sessions: RedactedSessionOutcome[] };

/**
 * The outcomes without any initial password: what the database keeps. `initialPasswordIssued`
 * says a password was handed out, so that the history tells a trainer when it was.
 */
export function redactOutcomes(sessions: SessionOutcome[]): RedactedSessionOutcome[] {
  return sessions.map((o) => ({
    ...o,
    report: {
      ...o.report,
      created: o.report.created.map(({ username, dn }) => ({ username, dn, initialPasswordIssued: true })),
      updated: o.report.updated.map(({ initialPassword, ...rest }) =>
        initialPassword ? { ...rest, initialPasswordIssued: true as const } : rest,
      ),
    },
  }));
}

/** The result without passwords: for a caller that did not ask for them (a scheduled run). */
export function withoutPasswords(result: ProvisioningResult): RedactedResult {
  return { ...result, sessions: redactOutcomes(result.sessions) };
}
