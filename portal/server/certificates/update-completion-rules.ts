import "server-only";
import type { Db } from "@tremplin/db/client";
import {
  findTrainingRules,
  requestJobsForTraining,
  updateTrainingRules,
} from "@tremplin/db/queries/training-rules";
import { parseTrainingRules } from "@tremplin/domain/assessment";
import { completionRulesInputSchema } from "@tremplin/domain/certification";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { auditChange } from "@/server/audit/audit-change";

/** IT's view of a training's rules: what the form shows. */
export async function getCompletionRules(db: Db, trainingId: unknown) {
  const id = z.uuid().safeParse(trainingId);
  const found = id.success ? await findTrainingRules(db, id.data) : undefined;
  if (!found) throw new AppError("not_found", "Formation introuvable.");
  return { ...found, rules: parseTrainingRules(found.rules) };
}

/**
 * Changes a training's completion rules and certificate fields. Certificates already issued
 * stand (they froze the facts they certify); the change is audited with what it was before, and
 * the learners still without a certificate of completion are evaluated again.
 */
export async function updateCompletionRules(
  db: Db,
  input: { actor: Actor; trainingId: unknown; fields: unknown; now: Date; requestId?: string },
) {
  if (!input.actor.roles.includes("it_admin")) {
    throw new AppError("forbidden", "Seule la DSI modifie les règles de certification.");
  }
  const training = await getCompletionRules(db, input.trainingId);
  const value = parseOrThrow(completionRulesInputSchema, input.fields, "Règles de certification");
  const rules = {
    ...training.rules,
    passingScorePercent: value.passingScorePercent,
    maxAttempts: value.maxAttempts,
    minAttendancePercent: value.minAttendancePercent,
    minAttendedMinutes: value.minAttendedHours === null ? null : Math.round(value.minAttendedHours * 60),
  };
  const before = {
    rules: training.rules,
    actionNature: training.actionNature,
    funder: training.funder,
    evidenceRetentionYears: training.evidenceRetentionYears,
  };
  const after = {
    rules,
    actionNature: value.actionNature,
    funder: value.funder,
    evidenceRetentionYears: value.evidenceRetentionYears,
  };
  await db.transaction(async (tx) => {
    await updateTrainingRules(tx, { id: training.id, ...after });
    await auditChange(tx, input, {
      action: "training.rules_changed",
      entity: ["training", training.id],
      details: { code: training.code, before, after },
    });
    await requestJobsForTraining(tx, { trainingId: training.id, now: input.now });
  });
  return { title: training.title };
}
