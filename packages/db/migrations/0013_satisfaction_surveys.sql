CREATE TABLE "satisfaction_surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"learner_id" uuid NOT NULL,
	"invited_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"objectives" smallint,
	"content" smallint,
	"trainer" smallint,
	"organisation" smallint,
	"equipment" smallint,
	"comment" text,
	CONSTRAINT "satisfaction_surveys_ratings_ck" CHECK (("satisfaction_surveys"."answered_at" is null) or ("satisfaction_surveys"."objectives" between 1 and 5 and "satisfaction_surveys"."content" between 1 and 5 and "satisfaction_surveys"."trainer" between 1 and 5 and "satisfaction_surveys"."organisation" between 1 and 5 and "satisfaction_surveys"."equipment" between 1 and 5))
);
--> statement-breakpoint
ALTER TABLE "satisfaction_surveys" ADD CONSTRAINT "satisfaction_surveys_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "satisfaction_surveys" ADD CONSTRAINT "satisfaction_surveys_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "satisfaction_surveys" ADD CONSTRAINT "satisfaction_surveys_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "satisfaction_surveys_enrolment_uq" ON "satisfaction_surveys" USING btree ("enrolment_id");--> statement-breakpoint
CREATE INDEX "satisfaction_surveys_session_idx" ON "satisfaction_surveys" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "satisfaction_surveys_learner_idx" ON "satisfaction_surveys" USING btree ("learner_id","closes_at");--> statement-breakpoint
CREATE INDEX "attempts_submitted_idx" ON "assessment_attempts" USING btree ("submitted_at","id");