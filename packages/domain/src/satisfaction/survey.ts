import { z } from "zod";

/**
 * The questions of the évaluation à chaud, as French training organisations ask them for
 * Qualiopi's indicator 30 (appreciations of the learners): objectives reached, content,
 * the trainer's teaching, the organisation (welcome, timetable, documents) and the room and its
 * equipment, each rated 1 (pas du tout satisfait) to 5 (très satisfait), and a free comment.
 */
export const surveyQuestions = ["objectives", "content", "trainer", "organisation", "equipment"] as const;
export type SurveyQuestion = (typeof surveyQuestions)[number];

/** How long after the session's end the learner may answer, and change the answer (decision 026). */
export const surveyAnswerDays = 30;

export const commentMaxLength = 2000;

const rating = z.coerce
  .number({ message: "une note de 1 à 5 est attendue" })
  .int({ message: "une note de 1 à 5 est attendue" })
  .min(1, { message: "une note de 1 à 5 est attendue" })
  .max(5, { message: "une note de 1 à 5 est attendue" });

export const surveyAnswerSchema = z.object({
  objectives: rating,
  content: rating,
  trainer: rating,
  organisation: rating,
  equipment: rating,
  comment: z
    .string()
    .trim()
    .max(commentMaxLength, { message: `${commentMaxLength} caractères au plus` })
    .transform((c) => (c === "" ? null : c))
    .nullable()
    .default(null),
});
export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;

/** When the survey of a session that ended at `endsAt` stops taking answers. */
export function surveyClosesAt(endsAt: Date): Date {
  return new Date(endsAt.getTime() + surveyAnswerDays * 86_400_000);
}

export type SurveyWindow = { closesAt: Date };

/** Whether the learner may still answer (or change their answer) at `now`. */
export function isSurveyOpen(survey: SurveyWindow, now: Date): boolean {
  return now < survey.closesAt;
}
