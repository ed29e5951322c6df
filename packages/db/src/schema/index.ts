export { attendanceRecords, attendanceValidations, deviceEvents } from "./attendance";
export { auditLog } from "./audit";
export {
  certificateJobs,
  certificateKinds,
  certificateStatuses,
  certificates,
} from "./certificates";
export { moduleContentVersions } from "./content-versions";
export { leases } from "./leases";
export { mailJobKinds, mailJobs } from "./mail";
export { masters, masterVersions, rollouts } from "./masters";
export { loginThrottle, roles, userSessions, users } from "./people";
export { kioskHeartbeats, kioskMachines, kiosks, organisations, rooms, sites } from "./places";
export { provisioningRunStatuses, provisioningRuns } from "./provisioning";
export { satisfactionSurveys } from "./satisfaction";
export {
  assessmentAttempts,
  enrolmentStatuses,
  enrolments,
  modules,
  progress,
  sessions,
  trainings,
} from "./training";
export { vaultCheckpoints, vaultCounter, vaultEntries, vaultNodes } from "./vault";
