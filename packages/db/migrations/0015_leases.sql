-- One lease table for every one-at-a-time job (schema/leases.ts). The vault publisher's lease is
-- not carried over: it lives 30 s, and the next publisher takes the new one.
CREATE TABLE "leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP TABLE "vault_publisher_lease" CASCADE;
