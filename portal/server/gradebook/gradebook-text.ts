import "server-only";
import { formatHours } from "@tremplin/domain/attendance";
import type { GradebookResult, RuleOutcome } from "@tremplin/domain/certification";

// The export is a document for the organisation's records: French, whatever the interface language.

const statusWords: Record<string, string> = {
  not_started: "Non commencé",
  incomplete: "En cours",
  completed: "Terminé",
  passed: "Réussi",
  failed: "Non réussi",
};

export function resultStatus(result: GradebookResult): string {
  return statusWords[result.status ?? "not_started"] ?? "Non commencé";
}

/** "2 / 3", or "2 (sans limite)" when the training sets no maximum. */
export function attemptsText(result: GradebookResult): string {
  return result.maxAttempts === null
    ? `${result.attemptsUsed} (sans limite)`
    : `${result.attemptsUsed} / ${result.maxAttempts}`;
}

/** Why a completion rule is not met, in one phrase. */
export function unmetRule(outcome: RuleOutcome): string {
  switch (outcome.rule) {
    case "modules":
      return `modules requis terminés : ${outcome.doneCount} sur ${outcome.requiredCount}`;
    case "passing_score":
      return `« ${outcome.moduleTitle} » non réussi (${outcome.passingScorePercent} % requis)`;
    case "attendance":
      return `présence : ${formatHours(outcome.attendedMs)} sur ${formatHours(outcome.requiredMs)} requises`;
    case "session_ended":
      return "session pas encore terminée";
  }
}
