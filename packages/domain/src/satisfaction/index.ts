export { overallMean, type SurveyRow, type SurveySummary, summariseSurveys } from "./summary";
export {
  commentMaxLength,
  isSurveyOpen,
  type SurveyAnswer,
  type SurveyQuestion,
  type SurveyWindow,
  surveyAnswerDays,
  surveyAnswerSchema,
  surveyClosesAt,
  surveyQuestions,
} from "./survey";
