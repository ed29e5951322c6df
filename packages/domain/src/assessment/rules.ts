import { z } from "zod";

/**
 * A training's assessment rules, as stored in `trainings.rules`. Every key has a default so
 * that a training created before a rule existed still parses; unknown keys are ignored.
 */
export const trainingRulesSchema = z.object({
  passingScorePercent: z.number().int().min(0).max(100).default(70),
  /** Retained attempts allowed per assessed module; null: unlimited. */
  maxAttempts: z.number().int().min(1).max(50).nullable().default(3),
  /** Read by attendance and certificates, not by assessments. */
  minAttendancePercent: z.number().int().min(0).max(100).default(0),
  /**
   * Certificates: the hours a learner must have attended, in minutes (the figure of the
   * attendance sheet). Null: `minAttendancePercent` of the session's planned time.
   */
  minAttendedMinutes: z.number().int().min(0).max(100_000).nullable().default(null),
  /** An absolute deadline for every assessment of the training (ISO 8601 instant). */
  assessmentDeadline: z.iso.datetime({ offset: true }).nullable().default(null),
  /** Or a deadline relative to the end of the learner's session, in days. */
  assessmentDeadlineDays: z.number().int().min(0).max(365).nullable().default(null),
});
export type TrainingRules = z.infer<typeof trainingRulesSchema>;

/** The rules of a training; a malformed rules object falls back to the defaults field by field. */
export function parseTrainingRules(raw: unknown): TrainingRules {
  const whole = trainingRulesSchema.safeParse(raw ?? {});
  if (whole.success) return whole.data;
  const defaults = trainingRulesSchema.parse({});
  const source = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof TrainingRules)[]) {
    const field = trainingRulesSchema.shape[key].safeParse(source[key]);
    if (field.success) merged[key] = field.data;
  }
  return merged as TrainingRules;
}

/**
 * The instant after which a submission is late: the earlier of the absolute deadline and the
 * relative one (days after the learner's session ends). Null when no deadline applies.
 */
export function assessmentDeadline(rules: TrainingRules, sessionEndsAt: Date | null): Date | null {
  const candidates: Date[] = [];
  if (rules.assessmentDeadline) candidates.push(new Date(rules.assessmentDeadline));
  if (rules.assessmentDeadlineDays !== null && sessionEndsAt) {
    candidates.push(new Date(sessionEndsAt.getTime() + rules.assessmentDeadlineDays * 86_400_000));
  }
  if (candidates.length === 0) return null;
  return new Date(Math.min(...candidates.map((d) => d.getTime())));
}
