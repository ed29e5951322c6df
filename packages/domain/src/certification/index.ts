export { certificateCodeSchema, formatCertificateCode, retentionEndDate } from "./certificate-code";
export { type CertificateFacts, type CertificateKind, certificateFactsSchema } from "./certificate-facts";
export {
  type CompletionFacts,
  type CompletionStatus,
  evaluateCompletion,
  type RuleOutcome,
  requiredAttendanceMs,
} from "./completion-rules";
export {
  buildGradebookLine,
  type GradebookLine,
  type GradebookModuleFacts,
  type GradebookResult,
} from "./gradebook";
export { actionNatures, type CompletionRulesInput, completionRulesInputSchema } from "./rules-input";
