export { certificateCodeSchema, formatCertificateCode, retentionEndDate } from "./certificate-code";
export {
  type CompletionFacts,
  type CompletionStatus,
  evaluateCompletion,
  type RuleOutcome,
  requiredAttendanceMs,
} from "./completion-rules";
