export {
  type AttemptDecision,
  type AttemptFacts,
  decideAttempt,
  describeMissing,
  type MissingModule,
  missingModules,
  type RuleApplied,
} from "./decide-attempt";
export {
  assertQuizAnswered,
  frenchList,
  type PublicQuiz,
  parseQuizAnswers,
  publicQuiz,
  type QuizAnswers,
  type QuizContent,
  type QuizScore,
  quizContentSchema,
  scoreQuiz,
  unansweredQuestions,
} from "./quiz";
export { assessmentDeadline, parseTrainingRules, type TrainingRules, trainingRulesSchema } from "./rules";
