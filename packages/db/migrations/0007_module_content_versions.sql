CREATE TABLE "module_content_versions" (
	"module_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"withdrawal_reason" text,
	CONSTRAINT "module_content_versions_module_id_version_pk" PRIMARY KEY("module_id","version")
);
--> statement-breakpoint
ALTER TABLE "module_content_versions" ADD CONSTRAINT "module_content_versions_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_content_versions" ADD CONSTRAINT "module_content_versions_withdrawn_by_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "module_content_versions_in_force_idx" ON "module_content_versions" USING btree ("module_id","version") WHERE withdrawn_at is null;--> statement-breakpoint
-- The version in place of every imported SCORM or file module becomes its first recorded
-- version (earlier versions were never recorded: they stay readable as before, and cannot be
-- fallen back to).
INSERT INTO "module_content_versions" ("module_id", "version", "content")
SELECT "id", "content_version", "content" FROM "modules"
WHERE "kind" IN ('scorm', 'file') AND NOT ("content" ? 'pending');
