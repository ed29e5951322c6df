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

/** Positions (from 1) of the questions left blank. */
export function unansweredQuestions(answers: QuizAnswers): number[] {
  return answers.flatMap((choice, i) => (choice === null ? [i + 1] : []));
}

/** "1", "1 et 3", "1, 2 et 4": question numbers as a French list. */
export function frenchList(items: (string | number)[]): string {
  const words = items.map(String);
  if (words.length < 2) return words.join("");
  return `${words.slice(0, -1).join(", ")} et ${words.at(-1)}`;
}

/**
 * A quiz sent with no answer at all is a slip (a double click, Enter in the wrong place), not a
 * try: it is refused before anything is stored, so it never costs the learner an attempt.
 */
export function assertQuizAnswered(answers: QuizAnswers): void {
  const blank = unansweredQuestions(answers);
  if (blank.length < answers.length) return;
  throw new AppError(
    "invalid_input",
    `Aucune réponse envoyée : ${blank.length === 1 ? "la question" : "les questions"} ${frenchList(blank)} ${blank.length === 1 ? "est" : "sont"} sans réponse. Cet envoi ne compte pas comme une tentative.`,
    { issues: blank.map((n) => ({ path: `answers.${n - 1}`, message: "sans réponse" })) },
  );
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
