CREATE TABLE "attendance_validations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"date" text NOT NULL,
	"period" text NOT NULL,
	"validated_by" uuid NOT NULL,
	"validated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attendance_validations" ADD CONSTRAINT "attendance_validations_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_validations" ADD CONSTRAINT "attendance_validations_validated_by_users_id_fk" FOREIGN KEY ("validated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_validations_half_day_uq" ON "attendance_validations" USING btree ("session_id","date","period");