import { bigint, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { at } from "./columns";
import { enrolments } from "./training";

export const mailJobKinds = [
  "enrolled",
  "waitlisted",
  "promoted",
  "cancelled",
  "session_changed",
  "session_cancelled",
  "survey_invitation",
] as const;

/**
 * E-mails owed to learners about their enrolments, written in the same statement or transaction
 * as the change they report: a crash right after the commit can delay a mail, never lose it.
 * A worker in each portal instance composes them from the current data, hands them to the mailer
 * and deletes the row (`portal/server/mail/mail-jobs.ts`). `claimedUntil` is a lease: a job whose
 * instance died mid-send is taken again once it has passed.
 */
export const mailJobs = pgTable("mail_jobs", {
  // An identity, not a uuid: the worker sends in the order the jobs were written.
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  kind: text("kind", { enum: mailJobKinds }).notNull(),
  enrolmentId: uuid("enrolment_id")
    .notNull()
    .references(() => enrolments.id, { onDelete: "cascade" }),
  /** The place in line when the job was written (waiting-list mails): it moves afterwards. */
  position: integer("position"),
  createdAt: at("created_at").notNull(),
  claimedUntil: at("claimed_until"),
  attempts: integer("attempts").notNull().default(0),
});
