export {
  type BulkLine,
  type BulkOutcome,
  type BulkPlan,
  type BulkPlanLine,
  type BulkSessionFacts,
  type KnownPerson,
  planBulkEnrolment,
  planFingerprint,
} from "./bulk-plan";
export { type CatalogueQuery, catalogueQuerySchema, parseCatalogueQuery } from "./catalogue-query";
export { findOverlappingSession, type HeldSession, heldSessions } from "./overlap";
export {
  assertCancellable,
  cancellationRefusal,
  decideSelfEnrolment,
  describePrerequisites,
  type EnrolmentDecision,
  type MissingPrerequisite,
  missingPrerequisiteCodes,
  type SessionFacts,
} from "./self-enrolment";
export { planPromotions, type Waiting, waitingOrder } from "./waiting-list";
