-- Progress and attempts belong to the learner (one place per module, whichever session they work under).
-- Columns are added nullable, filled from the enrolment, then made NOT NULL, so databases with rows migrate.
ALTER TABLE "assessment_attempts" ADD COLUMN "learner_id" uuid;--> statement-breakpoint
ALTER TABLE "assessment_attempts" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "assessment_attempts" ADD COLUMN "client_key" uuid;--> statement-breakpoint
ALTER TABLE "assessment_attempts" ADD COLUMN "submission" jsonb;--> statement-breakpoint
UPDATE "assessment_attempts" a SET "learner_id" = e."learner_id", "source" = 'quiz', "client_key" = gen_random_uuid(), "submission" = '{}'::jsonb FROM "enrolments" e WHERE e."id" = a."enrolment_id";--> statement-breakpoint
ALTER TABLE "assessment_attempts" ALTER COLUMN "learner_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_attempts" ALTER COLUMN "source" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_attempts" ALTER COLUMN "client_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_attempts" ALTER COLUMN "submission" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "progress" ADD COLUMN "learner_id" uuid;--> statement-breakpoint
UPDATE "progress" p SET "learner_id" = e."learner_id" FROM "enrolments" e WHERE e."id" = p."enrolment_id";--> statement-breakpoint
ALTER TABLE "progress" ALTER COLUMN "learner_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "progress" ADD COLUMN "last_beat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assessment_attempts" ADD CONSTRAINT "assessment_attempts_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress" ADD CONSTRAINT "progress_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attempts_learner_module_no_uq" ON "assessment_attempts" USING btree ("learner_id","module_id","attempt_no");--> statement-breakpoint
CREATE UNIQUE INDEX "attempts_learner_module_key_uq" ON "assessment_attempts" USING btree ("learner_id","module_id","client_key");--> statement-breakpoint
CREATE INDEX "attempts_learner_submitted_idx" ON "assessment_attempts" USING btree ("learner_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_learner_training_selfpaced_uq" ON "enrolments" USING btree ("learner_id","training_id") WHERE "enrolments"."status" <> 'cancelled' and "enrolments"."session_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "progress_learner_module_uq" ON "progress" USING btree ("learner_id","module_id");