export { activeTime, creditedSeconds } from "./active-time";
export {
  isAssessedModule,
  isModuleDone,
  type ModuleProgress,
  mergeStatus,
  type ProgressStatus,
  progressStatuses,
  type TrainingProgress,
  trainingProgress,
} from "./completion";
export {
  fileContentSchema,
  linkContentSchema,
  type ModuleContent,
  type ModuleKind,
  pageContentSchema,
  pendingScormSchema,
  readModuleContent,
  type ScormVersion,
  scormContentSchema,
  scormVersions,
} from "./module-content";
export {
  parseIsoDuration,
  parseScorm12Time,
  type RuntimeState,
  readRuntimeCommit,
  runtimeStartValues,
} from "./scorm-runtime";
