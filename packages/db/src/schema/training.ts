import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";
import { masterVersions } from "./masters";
import { users } from "./people";
import { organisations, rooms } from "./places";

export const trainings = pgTable(
  "trainings",
  {
    id: id(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    code: text("code").notNull(),
    title: text("title").notNull(),
    domain: text("domain").notNull(),
    summary: text("summary").notNull(),
    objectives: text("objectives").array().notNull().default(sql`'{}'::text[]`),
    durationHours: integer("duration_hours").notNull(),
    modality: text("modality", { enum: ["onsite", "remote", "blended"] }).notNull(),
    prerequisiteCodes: text("prerequisite_codes").array().notNull().default(sql`'{}'::text[]`),
    /** Completion rules: passing score, attempts, minimum attendance. Parsed by the domain. */
    rules: jsonb("rules").notNull(),
    /** The nature of the action as the certificate prints it (Code du travail, L. 6313-1). */
    actionNature: text("action_nature").notNull().default("Action de formation"),
    /** The funder whose rules set the evidence's retention, if any (e.g. co-financed by the ESF). */
    funder: text("funder"),
    /** Years the certificates and attendance evidence are kept after the action's end. */
    evidenceRetentionYears: integer("evidence_retention_years").notNull().default(3),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("trainings_org_code_uq").on(t.organisationId, t.code)],
);

export const modules = pgTable(
  "modules",
  {
    id: id(),
    trainingId: uuid("training_id")
      .notNull()
      .references(() => trainings.id),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    kind: text("kind", { enum: ["page", "file", "link", "scorm", "quiz"] }).notNull(),
    isRequired: boolean("is_required").notNull().default(true),
    durationMinutes: integer("duration_minutes").notNull(),
    content: jsonb("content").notNull(),
    contentVersion: integer("content_version").notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("modules_training_position_uq").on(t.trainingId, t.position)],
);

/** A training delivered in a room (or remotely) between two instants, by a trainer, on a master. */
export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    trainingId: uuid("training_id")
      .notNull()
      .references(() => trainings.id),
    roomId: uuid("room_id").references(() => rooms.id),
    trainerId: uuid("trainer_id").references(() => users.id),
    masterVersionId: uuid("master_version_id").references(() => masterVersions.id),
    startsAt: at("starts_at").notNull(),
    endsAt: at("ends_at").notNull(),
    capacity: integer("capacity").notNull(),
    /**
     * Seats held (enrolled or completed) and learners waiting, kept by triggers on enrolments
     * (migration 0005). On the session row so that a lock on it reads them current: enrolment
     * decides and writes in one statement.
     */
    seatsTaken: integer("seats_taken").notNull().default(0),
    waitingCount: integer("waiting_count").notNull().default(0),
    notes: text("notes").notNull().default(""),
    /** Optimistic concurrency: an edit names the version it read, and loses if another edit won. */
    version: integer("version").notNull().default(1),
    cancelledAt: at("cancelled_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("sessions_room_starts_idx").on(t.roomId, t.startsAt),
    index("sessions_trainer_starts_idx").on(t.trainerId, t.startsAt),
    index("sessions_training_starts_idx").on(t.trainingId, t.startsAt),
    // The planning week and the attendance charts read every session of a date range.
    index("sessions_starts_idx").on(t.startsAt),
  ],
);

export const enrolmentStatuses = ["enrolled", "waitlisted", "cancelled", "completed"] as const;

export const enrolments = pgTable(
  "enrolments",
  {
    id: id(),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    trainingId: uuid("training_id")
      .notNull()
      .references(() => trainings.id),
    /** Null for a self-paced enrolment with no room session. */
    sessionId: uuid("session_id").references(() => sessions.id),
    status: text("status", { enum: enrolmentStatuses }).notNull(),
    waitlistedAt: at("waitlisted_at"),
    lastModuleId: uuid("last_module_id"),
    lastActivityAt: at("last_activity_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("enrolments_learner_idx").on(t.learnerId, t.createdAt),
    index("enrolments_session_status_idx").on(t.sessionId, t.status),
    uniqueIndex("enrolments_learner_session_uq")
      .on(t.learnerId, t.sessionId)
      .where(sql`${t.status} <> 'cancelled' and ${t.sessionId} is not null`),
    // One live self-paced enrolment per learner and training: a double submit cannot make two.
    uniqueIndex("enrolments_learner_training_selfpaced_uq")
      .on(t.learnerId, t.trainingId)
      .where(sql`${t.status} <> 'cancelled' and ${t.sessionId} is null`),
  ],
);

/**
 * Where a learner stands in one module: the SCORM bookmark and suspend data live here. One row
 * per learner and module, whichever of their sessions of the training they work under, so the
 * kiosk and home see the same place; `enrolmentId` is the enrolment it was last recorded under.
 */
export const progress = pgTable(
  "progress",
  {
    id: id(),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    enrolmentId: uuid("enrolment_id")
      .notNull()
      .references(() => enrolments.id),
    moduleId: uuid("module_id")
      .notNull()
      .references(() => modules.id),
    status: text("status", {
      enum: ["not_started", "incomplete", "completed", "passed", "failed"],
    }).notNull(),
    location: text("location"),
    suspendData: text("suspend_data"),
    scoreRaw: integer("score_raw"),
    activeSeconds: integer("active_seconds").notNull().default(0),
    /** The last active-time heartbeat credited: caps the next one to the wall-clock time between. */
    lastBeatAt: at("last_beat_at"),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("progress_enrolment_module_uq").on(t.enrolmentId, t.moduleId),
    uniqueIndex("progress_learner_module_uq").on(t.learnerId, t.moduleId),
  ],
);

/** Every submission, kept whether or not it counted, with the rule that decided and why. */
export const assessmentAttempts = pgTable(
  "assessment_attempts",
  {
    id: id(),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    enrolmentId: uuid("enrolment_id")
      .notNull()
      .references(() => enrolments.id),
    moduleId: uuid("module_id")
      .notNull()
      .references(() => modules.id),
    attemptNo: integer("attempt_no").notNull(),
    source: text("source", { enum: ["quiz", "scorm"] }).notNull(),
    /**
     * The quiz form's id, or the SCORM launch's: a double submit finds the attempt already made,
     * and a SCORM launch's later commits update its one attempt.
     */
    clientKey: uuid("client_key").notNull(),
    /** What was submitted: quiz answers, or the SCORM status, score and session time. */
    submission: jsonb("submission").notNull(),
    scorePercent: integer("score_percent").notNull(),
    contentVersion: integer("content_version").notNull(),
    submittedAt: at("submitted_at").notNull(),
    isRetained: boolean("is_retained").notNull(),
    ruleApplied: jsonb("rule_applied").notNull(),
    explanation: text("explanation").notNull(),
  },
  (t) => [
    uniqueIndex("attempts_enrolment_module_no_uq").on(t.enrolmentId, t.moduleId, t.attemptNo),
    uniqueIndex("attempts_learner_module_no_uq").on(t.learnerId, t.moduleId, t.attemptNo),
    uniqueIndex("attempts_learner_module_key_uq").on(t.learnerId, t.moduleId, t.clientKey),
    index("attempts_learner_submitted_idx").on(t.learnerId, t.submittedAt),
    // IT's results export reads every attempt of a period, in batches (submitted_at, id).
    index("attempts_submitted_idx").on(t.submittedAt, t.id),
  ],
);
