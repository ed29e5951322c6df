import type { TrainingRules } from "../assessment/rules";
import { isModuleDone, type ProgressStatus } from "../progress/completion";

/** What the rules read about one learner's enrolment: the same figures as the attendance sheet. */
export type CompletionFacts = {
  rules: TrainingRules;
  /** Null for a self-paced enrolment: no session, so no attendance to count. */
  attendance: { attendedMs: number; plannedMs: number; sessionEndsAt: Date } | null;
  modules: {
    id: string;
    title: string;
    isRequired: boolean;
    isAssessed: boolean;
    status: ProgressStatus | undefined;
    /** Best retained score, for an assessed module. */
    bestScorePercent: number | null;
  }[];
  now: Date;
};

export type RuleOutcome =
  | { rule: "attendance"; isMet: boolean; attendedMs: number; requiredMs: number; plannedMs: number }
  | { rule: "modules"; isMet: boolean; doneCount: number; requiredCount: number; missing: string[] }
  | {
      rule: "passing_score";
      isMet: boolean;
      moduleTitle: string;
      bestScorePercent: number | null;
      passingScorePercent: number;
    }
  /** A session's certificate states the hours carried out: it waits for the session's end. */
  | { rule: "session_ended"; isMet: boolean; endsAt: Date };

export type CompletionStatus = {
  /** Every rule met: the *certificat de réalisation* is due. */
  isComplete: boolean;
  /** The session is over and the learner attended: the *attestation d'assiduité* is due. */
  isAttendanceCertificateDue: boolean;
  outcomes: RuleOutcome[];
};

/** The hours a learner must attend: the training's minutes if set, else its percent of the plan. */
export function requiredAttendanceMs(rules: TrainingRules, plannedMs: number): number {
  if (rules.minAttendedMinutes !== null) return Math.min(rules.minAttendedMinutes * 60_000, plannedMs);
  return Math.ceil((plannedMs * rules.minAttendancePercent) / 100);
}

/**
 * Whether a learner's enrolment meets its training's completion rules, rule by rule, so that
 * "Mes formations" can say which one is missing and by how much.
 */
export function evaluateCompletion(facts: CompletionFacts): CompletionStatus {
  const outcomes: RuleOutcome[] = [];
  const required = facts.modules.filter((m) => m.isRequired);
  const done = required.filter((m) => isModuleDone(m.status, m.isAssessed));
  outcomes.push({
    rule: "modules",
    isMet: done.length === required.length,
    doneCount: done.length,
    requiredCount: required.length,
    missing: required.filter((m) => !done.includes(m)).map((m) => m.title),
  });
  for (const m of required.filter((r) => r.isAssessed)) {
    outcomes.push({
      rule: "passing_score",
      isMet: m.status === "passed",
      moduleTitle: m.title,
      bestScorePercent: m.bestScorePercent,
      passingScorePercent: facts.rules.passingScorePercent,
    });
  }
  const attendance = facts.attendance;
  if (attendance) {
    const requiredMs = requiredAttendanceMs(facts.rules, attendance.plannedMs);
    outcomes.push({
      rule: "attendance",
      isMet: attendance.attendedMs >= requiredMs,
      attendedMs: attendance.attendedMs,
      requiredMs,
      plannedMs: attendance.plannedMs,
    });
    outcomes.push({
      rule: "session_ended",
      isMet: attendance.sessionEndsAt <= facts.now,
      endsAt: attendance.sessionEndsAt,
    });
  }
  return {
    isComplete: outcomes.every((o) => o.isMet),
    isAttendanceCertificateDue:
      attendance !== null && attendance.sessionEndsAt <= facts.now && attendance.attendedMs > 0,
    outcomes,
  };
}
