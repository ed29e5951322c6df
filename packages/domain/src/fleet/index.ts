export {
  countByStatus,
  type FleetThresholds,
  fleetThresholds,
  type KioskSnapshot,
  type KioskStatus,
  type KioskWarning,
  kioskStatus,
  kioskStatuses,
  kioskWarnings,
  kioskWarningsOf,
} from "./health";
export {
  formatRegistrationCode,
  normaliseRegistrationCode,
  registrationCodeFrom,
  registrationCodeLength,
  registrationCodeTtlMs,
} from "./registration-code";
export {
  type ReadinessPost,
  type ReadinessSession,
  type RoomReadiness,
  roomReadiness,
} from "./room-readiness";
