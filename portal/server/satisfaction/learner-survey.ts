import "server-only";
import type { Db } from "@tremplin/db/client";
import {
  findLearnerSurvey,
  type LearnerSurvey,
  listOpenSurveys,
  saveSurveyAnswer,
} from "@tremplin/db/queries/satisfaction";
import { AppError, zodIssues } from "@tremplin/domain/errors";
import { isSurveyOpen, surveyAnswerSchema } from "@tremplin/domain/satisfaction";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";

export type SurveyView = { survey: LearnerSurvey; isOpen: boolean };

// Another learner's survey, or an enrolment that owes none, is "not found": ids are not probed.
const notFound = () => new AppError("not_found", "Questionnaire introuvable.");

/** The learner's own survey for one of their enrolments, and whether it still takes answers. */
export async function getLearnerSurvey(
  db: Db,
  input: { actor: Actor; enrolmentId: unknown; now: Date },
): Promise<SurveyView> {
  const id = z.uuid().safeParse(input.enrolmentId);
  if (!id.success) throw notFound();
  const survey = await findLearnerSurvey(db, input.actor.id, id.data);
  if (!survey) throw notFound();
  return { survey, isOpen: isSurveyOpen(survey, input.now) };
}

/** The learner's surveys still open: the prompts shown in "Mes formations". */
export async function listLearnerOpenSurveys(db: Db, input: { actor: Actor; now: Date }) {
  return listOpenSurveys(db, input.actor.id, input.now);
}

/**
 * Records the learner's answer to their own survey, or replaces it while the survey is open
 * (decision 026). Only the learner it was written for can answer it; after `closesAt` it is
 * read-only.
 */
export async function answerSurvey(
  db: Db,
  input: { actor: Actor; enrolmentId: unknown; answer: unknown; now: Date },
): Promise<{ isUpdate: boolean }> {
  const { survey, isOpen } = await getLearnerSurvey(db, input);
  if (!isOpen)
    throw new AppError(
      "conflict",
      "Ce questionnaire est clos : les réponses ne peuvent plus être modifiées.",
    );
  const parsed = surveyAnswerSchema.safeParse(input.answer);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Donnez une note de 1 à 5 à chaque question.", {
      issues: zodIssues(parsed.error),
    });
  }
  const saved = await saveSurveyAnswer(db, {
    surveyId: survey.id,
    learnerId: input.actor.id,
    answer: parsed.data,
    now: input.now,
  });
  // It closed between the read and the write.
  if (!saved)
    throw new AppError(
      "conflict",
      "Ce questionnaire est clos : les réponses ne peuvent plus être modifiées.",
    );
  return { isUpdate: survey.answeredAt !== null };
}
