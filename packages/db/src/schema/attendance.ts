import { index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";
import { users } from "./people";
import { kiosks } from "./places";
import { sessions } from "./training";

/**
 * Presence evidence. A kiosk row is an authenticated AD logon on a named post; a trainer row
 * is a correction and must carry a reason. `eventId` makes kiosk ingestion idempotent.
 */
export const attendanceRecords = pgTable(
  "attendance_records",
  {
    id: id(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    source: text("source", { enum: ["kiosk", "trainer", "remote", "signature"] }).notNull(),
    status: text("status", { enum: ["present", "absent"] })
      .notNull()
      .default("present"),
    kioskId: uuid("kiosk_id").references(() => kiosks.id),
    startedAt: at("started_at").notNull(),
    endedAt: at("ended_at"),
    endReason: text("end_reason", { enum: ["logout", "poweroff", "interrupted"] }),
    reason: text("reason"),
    recordedBy: uuid("recorded_by").references(() => users.id),
    checkInEventId: uuid("check_in_event_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("attendance_session_learner_idx").on(t.sessionId, t.learnerId, t.startedAt),
    uniqueIndex("attendance_check_in_event_uq").on(t.checkInEventId),
  ],
);

/** Raw device events as received: the id is the kiosk's, so a retried batch is stored once. */
export const deviceEvents = pgTable(
  "device_events",
  {
    id: uuid("id").primaryKey(),
    kioskId: uuid("kiosk_id")
      .notNull()
      .references(() => kiosks.id),
    type: text("type").notNull(),
    occurredAt: at("occurred_at").notNull(),
    payload: text("payload").notNull(),
    receivedAt: at("received_at").notNull().defaultNow(),
  },
  (t) => [index("device_events_kiosk_occurred_idx").on(t.kioskId, t.occurredAt)],
);

/**
 * The trainer's validation of one half-day of the attendance sheet (their signature on it, in
 * Qualiopi's terms). A correction made afterwards removes it: the sheet must be validated again.
 */
export const attendanceValidations = pgTable(
  "attendance_validations",
  {
    id: id(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id),
    /** The half-day: its local date (`YYYY-MM-DD`, site's zone) and `am` / `pm`. */
    date: text("date").notNull(),
    period: text("period", { enum: ["am", "pm"] }).notNull(),
    validatedBy: uuid("validated_by")
      .notNull()
      .references(() => users.id),
    validatedAt: at("validated_at").notNull(),
  },
  (t) => [uniqueIndex("attendance_validations_half_day_uq").on(t.sessionId, t.date, t.period)],
);
