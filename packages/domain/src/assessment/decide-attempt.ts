/** A module the learner had to finish before this assessment counted. */
export type MissingModule = { position: number; title: string };

/** Which rule decided an attempt, with the figures it compared: stored as `rule_applied`. */
export type RuleApplied =
  | { rule: "max_attempts"; maxAttempts: number; retainedBefore: number }
  | { rule: "deadline"; deadline: string; submittedAt: string }
  | { rule: "modules_required"; missing: MissingModule[] }
  | { rule: "passing_score"; scorePercent: number; passingScorePercent: number; isPassed: boolean };

export type AttemptFacts = {
  scorePercent: number;
  submittedAt: Date;
  /** Attempts of this learner on this module that were retained before this one. */
  retainedBefore: number;
  maxAttempts: number | null;
  passingScorePercent: number;
  deadline: Date | null;
  missingModules: MissingModule[];
  /** For the deadline in the explanation. */
  timeZone: string;
};

export type AttemptDecision = {
  isRetained: boolean;
  isPassed: boolean;
  rule: RuleApplied;
  /** One sentence in plain French, stored with the attempt and shown to the learner and support. */
  explanation: string;
};

/**
 * Decides whether an attempt counts and whether it passes. The rules are checked in this
 * order, the first that refuses deciding: attempts left, deadline, modules required, then the
 * passing score. An attempt refused by the first three is kept but not retained.
 */
export function decideAttempt(facts: AttemptFacts): AttemptDecision {
  if (facts.maxAttempts !== null && facts.retainedBefore >= facts.maxAttempts) {
    return refused(
      { rule: "max_attempts", maxAttempts: facts.maxAttempts, retainedBefore: facts.retainedBefore },
      `Nombre maximal de tentatives atteint (${facts.maxAttempts} sur ${facts.maxAttempts}) : tentative non retenue.`,
    );
  }
  if (facts.deadline && facts.submittedAt.getTime() > facts.deadline.getTime()) {
    return refused(
      {
        rule: "deadline",
        deadline: facts.deadline.toISOString(),
        submittedAt: facts.submittedAt.toISOString(),
      },
      `Remis après la date limite (${formatInstant(facts.deadline, facts.timeZone)}) : tentative non retenue.`,
    );
  }
  if (facts.missingModules.length > 0) {
    return refused(
      { rule: "modules_required", missing: facts.missingModules },
      `${describeMissing(facts.missingModules)} : tentative non retenue.`,
    );
  }
  const isPassed = facts.scorePercent >= facts.passingScorePercent;
  const figures = `${facts.scorePercent} % obtenu, ${facts.passingScorePercent} % requis`;
  return {
    isRetained: true,
    isPassed,
    rule: {
      rule: "passing_score",
      scorePercent: facts.scorePercent,
      passingScorePercent: facts.passingScorePercent,
      isPassed,
    },
    explanation: isPassed ? `${figures} : réussi.` : `${figures} : non réussi.${attemptsLeft(facts)}`,
  };
}

function refused(rule: RuleApplied, explanation: string): AttemptDecision {
  return { isRetained: false, isPassed: false, rule, explanation };
}

function attemptsLeft(facts: AttemptFacts): string {
  if (facts.maxAttempts === null) return " Vous pouvez recommencer.";
  const left = facts.maxAttempts - facts.retainedBefore - 1;
  if (left <= 0) return " Plus aucune tentative possible.";
  return left === 1 ? " Il vous reste 1 tentative." : ` Il vous reste ${left} tentatives.`;
}

/** "Module 3 non terminé", "Modules 2 et 3 non terminés", "Modules 1, 2 et 4 non terminés". */
export function describeMissing(missing: MissingModule[]): string {
  const positions = missing.map((m) => String(m.position));
  if (positions.length === 1) return `Module ${positions[0]} non terminé`;
  const list = `${positions.slice(0, -1).join(", ")} et ${positions.at(-1)}`;
  return `Modules ${list} non terminés`;
}

function formatInstant(at: Date, timeZone: string): string {
  const date = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone }).format(at);
  const time = new Intl.DateTimeFormat("fr-FR", { timeStyle: "short", timeZone }).format(at);
  return `${date} à ${time}`;
}

/**
 * The modules an assessment waits for: the positions its content names, or else every
 * required module placed before it. Returns those not finished yet.
 */
export function missingModules(input: {
  assessedPosition: number;
  requiredPositions: number[] | undefined;
  modules: { position: number; title: string; isRequired: boolean; isDone: boolean }[];
}): MissingModule[] {
  const wanted = input.requiredPositions
    ? new Set(input.requiredPositions)
    : new Set(
        input.modules
          .filter((m) => m.isRequired && m.position < input.assessedPosition)
          .map((m) => m.position),
      );
  wanted.delete(input.assessedPosition);
  return input.modules
    .filter((m) => wanted.has(m.position) && !m.isDone)
    .sort((a, b) => a.position - b.position)
    .map((m) => ({ position: m.position, title: m.title }));
}
