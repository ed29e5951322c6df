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
  type PublicQuiz,
  parseQuizAnswers,
  publicQuiz,
  type QuizAnswers,
  type QuizContent,
  type QuizScore,
  quizContentSchema,
  scoreQuiz,
} from "./quiz";
export { assessmentDeadline, parseTrainingRules, type TrainingRules, trainingRulesSchema } from "./rules";
