export const progressStatuses = ["not_started", "incomplete", "completed", "passed", "failed"] as const;
export type ProgressStatus = (typeof progressStatuses)[number];

/**
 * A module is assessed when a pass is needed, not just a completion: a quiz, or a module whose
 * package reported a score. `@tremplin/db`'s `moduleDoneSql` states these two rules in SQL; its
 * test checks both agree on every case.
 */
export function isAssessedModule(module: { kind: string; scoreRaw: number | null }): boolean {
  return module.kind === "quiz" || module.scoreRaw !== null;
}

/** A module is done when completed or passed; a quiz or scored module only when passed. */
export function isModuleDone(status: ProgressStatus | undefined, isAssessed: boolean): boolean {
  if (status === "passed") return true;
  return status === "completed" && !isAssessed;
}

/**
 * The status after a report from the player. Progress never goes back: a completed module stays
 * completed if a package later says "incomplete", and a pass is never replaced by a fail.
 * (Scored modules get passed/failed from the assessment rules, not from here.)
 */
export function mergeStatus(current: ProgressStatus | undefined, reported: ProgressStatus): ProgressStatus {
  const rank: Record<ProgressStatus, number> = {
    not_started: 0,
    incomplete: 1,
    failed: 2,
    completed: 3,
    passed: 4,
  };
  if (!current) return reported;
  return rank[reported] > rank[current] ? reported : current;
}

export type ModuleProgress = {
  id: string;
  position: number;
  isRequired: boolean;
  isAssessed: boolean;
  status: ProgressStatus | undefined;
};

export type TrainingProgress = {
  requiredCount: number;
  doneCount: number;
  /** Whole percent of required modules done, rounded down. */
  percent: number;
  isComplete: boolean;
  /** Where "continue" leads: the last module touched if not done, else the first not done. */
  nextModuleId: string | null;
};

export function trainingProgress(modules: ModuleProgress[], lastModuleId: string | null): TrainingProgress {
  const ordered = [...modules].sort((a, b) => a.position - b.position);
  const required = ordered.filter((m) => m.isRequired);
  const done = (m: ModuleProgress) => isModuleDone(m.status, m.isAssessed);
  const doneCount = required.filter(done).length;
  const last = ordered.find((m) => m.id === lastModuleId);
  const next =
    last && !done(last)
      ? last
      : (ordered.find((m) => m.isRequired && !done(m)) ?? ordered.find((m) => !done(m)));
  return {
    requiredCount: required.length,
    doneCount,
    percent: required.length === 0 ? 100 : Math.floor((doneCount * 100) / required.length),
    isComplete: doneCount === required.length,
    nextModuleId: next?.id ?? last?.id ?? ordered[0]?.id ?? null,
  };
}
