CREATE TABLE "certificate_jobs" (
	"enrolment_id" uuid PRIMARY KEY NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_until" timestamp with time zone,
	"not_before" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
DROP INDEX "certificates_enrolment_idx";--> statement-breakpoint
ALTER TABLE "certificates" ALTER COLUMN "blob_key" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ALTER COLUMN "timestamp_token" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "learner_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "training_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "session_id" uuid;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "status" text NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "facts" jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "vault_leaf_index" bigint;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "superseded_by" uuid;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "revoked_by" uuid;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "retain_until" date NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "legal_hold" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "legal_name" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "activity_number" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "siret" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "signatory_name" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "signatory_role" text;--> statement-breakpoint
ALTER TABLE "trainings" ADD COLUMN "action_nature" text DEFAULT 'Action de formation' NOT NULL;--> statement-breakpoint
ALTER TABLE "trainings" ADD COLUMN "funder" text;--> statement-breakpoint
ALTER TABLE "trainings" ADD COLUMN "evidence_retention_years" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "certificate_jobs" ADD CONSTRAINT "certificate_jobs_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_training_id_trainings_id_fk" FOREIGN KEY ("training_id") REFERENCES "public"."trainings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_enrolment_kind_issued_uq" ON "certificates" USING btree ("enrolment_id","kind") WHERE "certificates"."status" = 'issued';--> statement-breakpoint
CREATE INDEX "certificates_learner_idx" ON "certificates" USING btree ("learner_id","issued_at");--> statement-breakpoint
CREATE INDEX "certificates_session_idx" ON "certificates" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "certificates_pdf_sha256_idx" ON "certificates" USING btree ("pdf_sha256");--> statement-breakpoint
CREATE INDEX "certificates_retention_idx" ON "certificates" USING btree ("retain_until") WHERE "certificates"."purged_at" is null and not "certificates"."legal_hold";--> statement-breakpoint
-- Completion is evaluated again whenever what feeds the rules changes, whoever writes it (kiosk
-- ingestion, SCORM commits, quizzes, trainers' corrections and validations, a hand in psql): each
-- trigger asks for the enrolments concerned, coalesced to one job per enrolment.
CREATE FUNCTION "certificate_jobs_for_module"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "certificate_jobs" ("enrolment_id", "requested_at")
  SELECT e."id", now() FROM "enrolments" e JOIN "modules" m ON m."training_id" = e."training_id"
  WHERE m."id" = NEW."module_id" AND e."learner_id" = NEW."learner_id" AND e."status" IN ('enrolled', 'completed')
  ON CONFLICT ("enrolment_id") DO UPDATE SET "requested_at" = now();
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "progress_done_certificate_jobs" AFTER INSERT ON "progress" FOR EACH ROW
  WHEN (NEW."status" IN ('completed', 'passed'))
  EXECUTE FUNCTION "certificate_jobs_for_module"();--> statement-breakpoint
-- Not on every SCORM commit: only when a module's status really changes.
CREATE TRIGGER "progress_status_certificate_jobs" AFTER UPDATE OF "status" ON "progress" FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status")
  EXECUTE FUNCTION "certificate_jobs_for_module"();--> statement-breakpoint
CREATE TRIGGER "attempts_certificate_jobs" AFTER INSERT OR UPDATE OF "is_retained", "score_percent" ON "assessment_attempts" FOR EACH ROW
  EXECUTE FUNCTION "certificate_jobs_for_module"();--> statement-breakpoint
CREATE FUNCTION "certificate_jobs_for_attendance"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed "attendance_records" := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  INSERT INTO "certificate_jobs" ("enrolment_id", "requested_at")
  SELECT e."id", now() FROM "enrolments" e
  WHERE e."session_id" = changed."session_id" AND e."learner_id" = changed."learner_id"
    AND e."status" IN ('enrolled', 'completed')
  ON CONFLICT ("enrolment_id") DO UPDATE SET "requested_at" = now();
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "attendance_certificate_jobs" AFTER INSERT OR UPDATE OR DELETE ON "attendance_records" FOR EACH ROW
  EXECUTE FUNCTION "certificate_jobs_for_attendance"();--> statement-breakpoint
CREATE FUNCTION "certificate_jobs_for_validation"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed "attendance_validations" := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  INSERT INTO "certificate_jobs" ("enrolment_id", "requested_at")
  SELECT e."id", now() FROM "enrolments" e
  WHERE e."session_id" = changed."session_id" AND e."status" IN ('enrolled', 'completed')
  ON CONFLICT ("enrolment_id") DO UPDATE SET "requested_at" = now();
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "validations_certificate_jobs" AFTER INSERT OR DELETE ON "attendance_validations" FOR EACH ROW
  EXECUTE FUNCTION "certificate_jobs_for_validation"();
