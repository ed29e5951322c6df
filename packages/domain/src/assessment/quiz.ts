import { z } from "zod";
import { AppError } from "../errors";

export const quizQuestionSchema = z.object({
  prompt: z.string().min(1).max(2000),
  choices: z.array(z.string().min(1).max(500)).min(2).max(12),
  /** Index of the right choice: never sent to the browser. */
  answer: z.number().int().min(0),
});

/** A quiz module's content: single-choice questions, scored on the server. */
export const quizContentSchema = z
  .object({
    questions: z.array(quizQuestionSchema).min(1).max(200),
    /** Overrides the training's passing score for this quiz. */
    passingScorePercent: z.number().int().min(0).max(100).optional(),
    /** Positions of the modules that must be finished first; default: required modules before it. */
    requiredModulePositions: z.array(z.number().int().min(1)).optional(),
  })
  .refine((c) => c.questions.every((q) => q.answer < q.choices.length), {
    message: "une bonne réponse désigne un choix qui n'existe pas",
  });
export type QuizContent = z.infer<typeof quizContentSchema>;

/** What the learner's browser receives: the questions without their answers. */
export type PublicQuiz = { questions: { prompt: string; choices: string[] }[] };

export function publicQuiz(content: QuizContent): PublicQuiz {
  return { questions: content.questions.map((q) => ({ prompt: q.prompt, choices: q.choices })) };
}

/** One choice index per question; null for a question left blank. */
export type QuizAnswers = (number | null)[];

export function parseQuizAnswers(content: QuizContent, raw: unknown): QuizAnswers {
  const schema = z.array(z.number().int().min(0).nullable()).length(content.questions.length, {
    message: `attendu : une réponse par question (${content.questions.length})`,
  });
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Réponses illisibles : rechargez la page et recommencez.", {
      issues: [{ path: "answers", message: parsed.error.issues[0]?.message ?? "réponses invalides" }],
    });
  }
  parsed.data.forEach((choice, i) => {
    if (choice !== null && choice >= content.questions[i]!.choices.length) {
      throw new AppError(
        "invalid_input",
        `La réponse à la question ${i + 1} n'est pas un des choix proposés.`,
        {
          issues: [{ path: `answers.${i}`, message: "choix inconnu" }],
        },
      );
    }
  });
  return parsed.data;
}

export type QuizScore = { correct: number; total: number; scorePercent: number };

/**
 * Scores a quiz. The percentage is rounded down: a learner never passes on a rounding
 * (79.6 % stays 79 %, under an 80 % bar).
 */
export function scoreQuiz(content: QuizContent, answers: QuizAnswers): QuizScore {
  const total = content.questions.length;
  const correct = content.questions.filter((q, i) => answers[i] === q.answer).length;
  return { correct, total, scorePercent: Math.floor((correct * 100) / total) };
}
