import { sql } from "drizzle-orm";
import { check, index, pgTable, smallint, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, id } from "./columns";
import { users } from "./people";
import { enrolments, sessions } from "./training";

/**
 * The satisfaction survey (évaluation à chaud) owed to a learner who attended a session: the row
 * is written, with its invitation mail, when the session has ended (one per enrolment), and
 * holds the answer once given. `answeredAt` null: invited, not answered (the response rate).
 * The learner may change the answer until `closesAt` (decision 026).
 */
export const satisfactionSurveys = pgTable(
  "satisfaction_surveys",
  {
    id: id(),
    enrolmentId: uuid("enrolment_id")
      .notNull()
      .references(() => enrolments.id),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    invitedAt: at("invited_at").notNull(),
    closesAt: at("closes_at").notNull(),
    answeredAt: at("answered_at"),
    /** Ratings from 1 (pas du tout satisfait) to 5 (très satisfait); null until answered. */
    objectives: smallint("objectives"),
    content: smallint("content"),
    trainer: smallint("trainer"),
    organisation: smallint("organisation"),
    equipment: smallint("equipment"),
    comment: text("comment"),
  },
  (t) => [
    uniqueIndex("satisfaction_surveys_enrolment_uq").on(t.enrolmentId),
    index("satisfaction_surveys_session_idx").on(t.sessionId),
    index("satisfaction_surveys_learner_idx").on(t.learnerId, t.closesAt),
    check(
      "satisfaction_surveys_ratings_ck",
      sql`(${t.answeredAt} is null) or (${t.objectives} between 1 and 5 and ${t.content} between 1 and 5 and ${t.trainer} between 1 and 5 and ${t.organisation} between 1 and 5 and ${t.equipment} between 1 and 5)`,
    ),
  ],
);
