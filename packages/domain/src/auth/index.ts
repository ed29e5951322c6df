export type { LoginName, LoginNameProblem } from "./login-name";
export { loginNameSchema, maxLoginLength, maxPasswordLength, parseLoginName } from "./login-name";
export type { Role } from "./roles";
export { roles } from "./roles";
export type { SessionEnd, SessionLimits, SessionRecord } from "./session-limits";
export { sessionEnd, sessionLimits } from "./session-limits";
export type {
  LockoutPolicy,
  ThrottleDecision,
  ThrottlePolicy,
  ThrottleRule,
  ThrottleScope,
  ThrottleState,
} from "./throttle";
export {
  assumedLockoutPolicy,
  backoffDelayMs,
  defaultThrottlePolicy,
  evaluateThrottle,
  sourceKey,
  stateAfterFailure,
  throttleKeys,
  throttlePolicyFor,
} from "./throttle";
