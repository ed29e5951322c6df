-- No code ever wrote a rollout (the table was a placeholder): none to carry over to the dated shape.
DELETE FROM "rollouts";--> statement-breakpoint
DROP INDEX "rollouts_room_idx";--> statement-breakpoint
ALTER TABLE "rollouts" ADD COLUMN "starts_on" date NOT NULL;--> statement-breakpoint
ALTER TABLE "rollouts" ADD COLUMN "ends_on" date NOT NULL;--> statement-breakpoint
ALTER TABLE "rollouts" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rollouts_room_idx" ON "rollouts" USING btree ("room_id","starts_on");--> statement-breakpoint
ALTER TABLE "rollouts" DROP COLUMN "not_before";--> statement-breakpoint
ALTER TABLE "rollouts" DROP COLUMN "status";--> statement-breakpoint
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_dates_ck" CHECK ("rollouts"."ends_on" >= "rollouts"."starts_on");