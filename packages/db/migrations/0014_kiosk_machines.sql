CREATE TABLE "kiosk_machines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kiosk_id" uuid NOT NULL,
	"serial" text,
	"product" text,
	"hostname" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone,
	"replaced_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "kiosk_machines" ADD CONSTRAINT "kiosk_machines_kiosk_id_kiosks_id_fk" FOREIGN KEY ("kiosk_id") REFERENCES "public"."kiosks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kiosk_machines_kiosk_idx" ON "kiosk_machines" USING btree ("kiosk_id","first_seen_at");--> statement-breakpoint
CREATE UNIQUE INDEX "kiosk_machines_open_uq" ON "kiosk_machines" USING btree ("kiosk_id") WHERE "kiosk_machines"."replaced_at" is null;--> statement-breakpoint
-- Posts registered before the machine history: their machine as known then (hostname, no serial).
INSERT INTO "kiosk_machines" ("kiosk_id", "serial", "product", "hostname", "first_seen_at")
SELECT "id", NULL, NULL, coalesce("inventory"->>'hostname', 'inconnu'), "registered_at"
FROM "kiosks" WHERE "registered_at" IS NOT NULL;
