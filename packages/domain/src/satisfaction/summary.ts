import { type SurveyQuestion, surveyQuestions } from "./survey";

/** One survey row as the results read it: ratings are null until the learner answers. */
export type SurveyRow = { answeredAt: Date | null; comment: string | null } & Record<
  SurveyQuestion,
  number | null
>;

export type SurveySummary = {
  invited: number;
  answered: number;
  /** answered / invited, 0 to 1; 0 when nobody was invited. */
  responseRate: number;
  /** Mean rating per question over the answers, rounded to one decimal; null with no answer. */
  averages: Record<SurveyQuestion, number | null>;
  /** The mean of the question averages: the figure an activity report quotes. */
  overall: number | null;
  comments: string[];
};

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** The mean of the question averages, one decimal; null when no question has an answer. */
export function overallMean(averages: Record<SurveyQuestion, number | null>): number | null {
  const means = surveyQuestions.map((q) => averages[q]).filter((v): v is number => v !== null);
  return means.length === 0 ? null : oneDecimal(means.reduce((a, b) => a + b, 0) / means.length);
}

/** Averages, response rate and comments of a set of surveys (a session's or a training's). */
export function summariseSurveys(rows: readonly SurveyRow[]): SurveySummary {
  const answered = rows.filter((r) => r.answeredAt !== null);
  const averages = {} as Record<SurveyQuestion, number | null>;
  for (const q of surveyQuestions) {
    const ratings = answered.map((r) => r[q]).filter((v): v is number => v !== null);
    averages[q] =
      ratings.length === 0 ? null : oneDecimal(ratings.reduce((a, b) => a + b, 0) / ratings.length);
  }
  return {
    invited: rows.length,
    answered: answered.length,
    responseRate: rows.length === 0 ? 0 : answered.length / rows.length,
    averages,
    overall: overallMean(averages),
    comments: answered.map((r) => r.comment).filter((c): c is string => c !== null && c !== ""),
  };
}
