CREATE TABLE "user_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_sessions_user_idx" ON "user_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "user_sessions_revoked_idx" ON "user_sessions" USING btree ("revoked_at") WHERE "user_sessions"."revoked_at" is not null;--> statement-breakpoint
-- Room on each page for the once-a-minute rewrite of last_seen_at to stay there (a HOT update: no
-- index names the column, so no index is touched).
ALTER TABLE "user_sessions" SET (fillfactor = 70);--> statement-breakpoint
-- A role changed or an account disabled ends the person's sessions, whichever code (or hand)
-- makes the change: every portal process learns of it from the revoked sessions it polls.
CREATE FUNCTION "users_end_sessions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "user_sessions" SET "revoked_at" = now() WHERE "user_id" = NEW."id" AND "revoked_at" IS NULL;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "users_end_sessions" AFTER UPDATE OF "roles", "disabled_at" ON "users" FOR EACH ROW
  WHEN (OLD."roles" IS DISTINCT FROM NEW."roles" OR (NEW."disabled_at" IS NOT NULL AND OLD."disabled_at" IS NULL))
  EXECUTE FUNCTION "users_end_sessions"();
