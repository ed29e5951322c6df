export {
  type DeviceErrorBody,
  deviceApiPaths,
  deviceAuthorization,
  deviceErrorBodySchema,
  instantSchema,
  type MasterRef,
  masterRefSchema,
  sameUsername,
  usernameSchema,
} from "./common";
export {
  type CheckInEvent,
  type CheckOutEvent,
  type CheckOutReason,
  checkInEventSchema,
  checkOutEventSchema,
  checkOutReasons,
  type DeviceEvent,
  deviceEventSchema,
  type ErrorEvent,
  type EventsRequest,
  type EventsResponse,
  errorEventSchema,
  eventsRequestSchema,
  eventsResponseSchema,
  maxEventsPerBatch,
  type PresenceConfirmedEvent,
  presenceConfirmedEventSchema,
} from "./events";
export {
  type AgentState,
  agentStates,
  type HeartbeatRequest,
  type HeartbeatResponse,
  heartbeatRequestSchema,
  heartbeatResponseSchema,
  type Inventory,
  inventorySchema,
  type SystemState,
  systemStateSchema,
} from "./heartbeat";
export { type MachineChange, type MachineIdentity, machineChange, usableSerial } from "./machines";
export {
  type ByteRange,
  type ChunkAnswer,
  chunkAnswer,
  chunkHashSchema,
  immutableChunkHeaders,
  type MasterSync,
  masterApiPaths,
  masterSyncSchema,
  masterSyncStates,
  type NeededMaster,
  neededMasterSchema,
  parseByteRange,
  type SitePlanResponse,
  sitePlanResponseSchema,
} from "./masters";
export { type NeedSource, neededMasters, pilotFallbackMs, stageForPost } from "./needed-masters";
export {
  clockTimeSchema,
  defaultNightWindow,
  type NightWindow,
  nightWindowAt,
  type WindowSpan,
  windowCapacityBytes,
} from "./night-window";
export {
  type RegisterRequest,
  type RegisterResponse,
  registerRequestSchema,
  registerResponseSchema,
} from "./register";
export {
  kioskOsMasterName,
  type ScheduledSession,
  type ScheduleResponse,
  scheduledSessionSchema,
  scheduleResponseSchema,
} from "./schedule";
