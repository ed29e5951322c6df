import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";
import { users } from "./people";
import { enrolments, sessions, trainings } from "./training";

const bytea = customType<{ data: Uint8Array }>({ dataType: () => "bytea" });

export const certificateKinds = ["completion", "attendance"] as const;
export const certificateStatuses = ["issued", "revoked", "superseded", "purged"] as const;

/**
 * A certificate as issued: the facts it certifies (frozen at issuance: a later correction of the
 * training or the attendance makes a new certificate, never edits this one), the signed PDF's
 * hash and where it is kept, its time-stamp token and its place in the evidence vault.
 */
export const certificates = pgTable(
  "certificates",
  {
    id: id(),
    enrolmentId: uuid("enrolment_id")
      .notNull()
      .references(() => enrolments.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    trainingId: uuid("training_id")
      .notNull()
      .references(() => trainings.id),
    sessionId: uuid("session_id").references(() => sessions.id),
    /** Short public code printed on the PDF and its QR: what `/verifier/:code` looks up. */
    code: text("code").notNull(),
    kind: text("kind", { enum: certificateKinds }).notNull(),
    status: text("status", { enum: certificateStatuses }).notNull(),
    issuedAt: at("issued_at").notNull(),
    /** What the document certifies, as printed (learner, action, dates, hours, place, issuer). */
    facts: jsonb("facts").notNull(),
    pdfSha256: text("pdf_sha256").notNull(),
    /** Null once purged: the hash and the vault entries stay, the document and its facts go. */
    blobKey: text("blob_key"),
    timestampToken: bytea("timestamp_token").notNull(),
    vaultLeafIndex: bigint("vault_leaf_index", { mode: "number" }),
    supersededBy: uuid("superseded_by"),
    revokedAt: at("revoked_at"),
    revokedReason: text("revoked_reason"),
    revokedBy: uuid("revoked_by").references(() => users.id),
    /** End of the legal clock: the action's last day plus the training's retention years. */
    retainUntil: date("retain_until", { mode: "string" }).notNull(),
    legalHold: boolean("legal_hold").notNull().default(false),
    purgedAt: at("purged_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("certificates_code_uq").on(t.code),
    // One certificate of each kind in force per enrolment: a double evaluation cannot issue twice.
    uniqueIndex("certificates_enrolment_kind_issued_uq")
      .on(t.enrolmentId, t.kind)
      .where(sql`${t.status} = 'issued'`),
    index("certificates_learner_idx").on(t.learnerId, t.issuedAt),
    index("certificates_session_idx").on(t.sessionId),
    // An uploaded PDF is looked up by its hash on the verification page.
    index("certificates_pdf_sha256_idx").on(t.pdfSha256),
    index("certificates_retention_idx")
      .on(t.retainUntil)
      .where(sql`${t.purgedAt} is null and not ${t.legalHold}`),
  ],
);

/**
 * Enrolments whose completion must be evaluated again: written by triggers on what feeds the
 * rules (progress, attempts, attendance records and validations; migration 0009) whoever writes
 * it, drained by a worker in each portal instance. One row per enrolment: a burst of events
 * coalesces; `requestedAt` moves on each, so a job claimed before the last event is run again.
 */
export const certificateJobs = pgTable("certificate_jobs", {
  enrolmentId: uuid("enrolment_id")
    .primaryKey()
    .references(() => enrolments.id, { onDelete: "cascade" }),
  requestedAt: at("requested_at").notNull().defaultNow(),
  /** A lease: a job whose instance died mid-issuance is taken again once it has passed. */
  claimedUntil: at("claimed_until"),
  /** Not before: a job whose time-stamp authority was down waits, with a growing delay. */
  notBefore: at("not_before"),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
});
