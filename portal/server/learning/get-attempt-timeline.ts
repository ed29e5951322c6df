import "server-only";
import type { Db } from "@tremplin/db/client";
import { listLearnerAttempts } from "@tremplin/db/queries/assessments";
import { findLearnerContact, searchLearnerAccounts } from "@tremplin/db/queries/learning";
import { listLearnerEnrolments, listModuleProgress } from "@tremplin/db/queries/learning-progress";
import type { RuleApplied } from "@tremplin/domain/assessment";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";

/** IT looks a learner up by name, login or e-mail. */
export async function findLearnersForSupport(db: Db, input: { actor: Actor; query: unknown }) {
  assertItAdmin(input.actor);
  const query = z.string().trim().min(2).max(100).safeParse(input.query);
  return query.success ? searchLearnerAccounts(db, query.data) : [];
}

/**
 * The support view: one learner's attempts, newest first, each with what was submitted, when,
 * on which content version (and whether that is still the module's), which rule decided and
 * why; beside them, where the learner stands in every module of their trainings. Enough to
 * answer "why was my score not retained?" without a database console.
 */
export async function getAttemptTimeline(db: Db, input: { actor: Actor; learnerId: unknown }) {
  assertItAdmin(input.actor);
  const id = z.uuid().safeParse(input.learnerId);
  if (!id.success) throw new AppError("not_found", "Stagiaire introuvable.");
  const learner = await findLearnerContact(db, id.data);
  if (!learner) throw new AppError("not_found", "Stagiaire introuvable.");
  const [attempts, enrolments] = await Promise.all([
    listLearnerAttempts(db, { learnerId: learner.id }),
    listLearnerEnrolments(db, learner.id),
  ]);
  const trainingIds = [...new Set(enrolments.map((e) => e.trainingId))];
  const modules = await listModuleProgress(db, { learnerId: learner.id, trainingIds });
  return {
    learner,
    attempts: attempts.map((a) => ({
      ...a,
      rule: a.ruleApplied as RuleApplied,
      isOutdated: a.contentVersion !== a.currentContentVersion,
    })),
    trainings: trainingIds.map((trainingId) => {
      const list = enrolments.filter((e) => e.trainingId === trainingId);
      return {
        trainingId,
        title: list[0]!.trainingTitle,
        code: list[0]!.trainingCode,
        enrolments: list,
        modules: modules.filter((m) => m.trainingId === trainingId),
      };
    }),
  };
}
export type AttemptTimeline = Awaited<ReturnType<typeof getAttemptTimeline>>;
