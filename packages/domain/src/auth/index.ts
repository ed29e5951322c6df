export type { LoginName, LoginNameProblem } from "./login-name";
export { loginNameSchema, maxLoginLength, maxPasswordLength, parseLoginName } from "./login-name";
export type { Role } from "./roles";
export { roles } from "./roles";
export type {
  ThrottleDecision,
  ThrottlePolicy,
  ThrottleRule,
  ThrottleScope,
  ThrottleState,
} from "./throttle";
export {
  backoffDelayMs,
  defaultThrottlePolicy,
  evaluateThrottle,
  sourceKey,
  stateAfterFailure,
  throttleKeys,
} from "./throttle";
