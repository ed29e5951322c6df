import "server-only";
import type { Db } from "@tremplin/db/client";
import { listAttendanceRecords, listValidations } from "@tremplin/db/queries/attendance";
import { type GradebookRow, listGradebookRows } from "@tremplin/db/queries/gradebook";
import type { SessionDetail } from "@tremplin/db/queries/planning";
import { findTrainingRules } from "@tremplin/db/queries/training-rules";
import { parseTrainingRules, type RuleApplied, type TrainingRules } from "@tremplin/domain/assessment";
import { buildAttendanceSheet } from "@tremplin/domain/attendance";
import { buildGradebookLine, type GradebookLine } from "@tremplin/domain/certification";
import { AppError } from "@tremplin/domain/errors";
import { getViewableSession } from "@/server/attendance/session-access";
import type { Actor } from "@/server/audit/actor";

export type GradebookLearner = { id: string; enrolmentId: string; displayName: string; username: string };

export type SessionGradebook = {
  session: SessionDetail;
  rules: TrainingRules;
  /** The assessed modules, in course order: the gradebook's columns. */
  assessed: { id: string; title: string; position: number }[];
  lines: (GradebookLine & { learner: GradebookLearner })[];
  now: Date;
};

/**
 * A session's gradebook (*suivi des stagiaires*): for each seated learner, modules done, hours
 * attended, each assessed module's best score, attempts and latest decision with its reason,
 * and whether the training's completion rules are met. For the session's trainer and IT only:
 * an auditor or anyone else is told the session does not exist, as on the attendance pages.
 */
export async function getSessionGradebook(
  db: Db,
  input: { actor: Actor; sessionId: unknown; now: Date },
): Promise<SessionGradebook> {
  const { session, canEdit } = await getViewableSession(db, input.actor, input.sessionId);
  if (!canEdit && !input.actor.roles.includes("it_admin")) {
    throw new AppError("not_found", "Session introuvable.");
  }
  const [rows, records, validations, rawRules] = await Promise.all([
    listGradebookRows(db, session.id),
    listAttendanceRecords(db, [session.id]),
    listValidations(db, session.id),
    findTrainingRules(db, session.trainingId),
  ]);
  const rules = parseTrainingRules(rawRules?.rules);
  const byLearner = new Map<string, GradebookRow[]>();
  for (const row of rows) byLearner.set(row.learnerId, [...(byLearner.get(row.learnerId) ?? []), row]);
  const learners = [...byLearner.values()].map(([first]) => ({
    id: first!.learnerId,
    enrolmentId: first!.enrolmentId,
    displayName: first!.displayName,
    username: first!.username,
  }));
  // The attendance sheet's own figures: what the *attestation* and the certificates count.
  const sheet = buildAttendanceSheet({
    session,
    timeZone: session.timezone,
    learners,
    records,
    validations,
    now: input.now,
  });
  const lines = sheet.lines.map((line) => ({
    learner: line.learner,
    ...buildGradebookLine({
      rules,
      attendance: { attendedMs: line.retainedMs, plannedMs: sheet.plannedMs, sessionEndsAt: session.endsAt },
      modules: (byLearner.get(line.learner.id) ?? []).map(moduleFacts),
      now: input.now,
    }),
  }));
  const assessed =
    lines[0]?.results.map((r) => ({ id: r.moduleId, title: r.title, position: r.position })) ?? [];
  return { session, rules, assessed, lines, now: input.now };
}

function moduleFacts(row: GradebookRow) {
  return {
    id: row.moduleId,
    title: row.title,
    position: row.position,
    kind: row.kind,
    isRequired: row.isRequired,
    status: row.status ?? undefined,
    scoreRaw: row.scoreRaw,
    quizPassingScorePercent: row.quizPassingScorePercent,
    attempts: {
      total: row.total,
      retained: row.retained,
      bestRetainedPercent: row.best,
      last:
        row.lastAt && row.lastIsRetained !== null
          ? {
              isRetained: row.lastIsRetained,
              explanation: row.lastExplanation ?? "",
              // Written by decideAttempt with the attempt: the domain's own shape.
              rule: row.lastRule as RuleApplied,
              submittedAt: row.lastAt,
            }
          : null,
    },
  };
}
