export {
  decideLogin,
  type LoginDecision,
  type LoginPolicyInput,
  type LoginRefusalCode,
} from "./login-policy";
export {
  currentAndNext,
  findNextSession,
  frenchTime,
  type Grace,
  isOpenAt,
  openSessions,
  opensAt,
} from "./session-window";
