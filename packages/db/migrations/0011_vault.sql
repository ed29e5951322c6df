CREATE TABLE "vault_checkpoints" (
	"tree_size" bigint PRIMARY KEY NOT NULL,
	"root_hash" "bytea" NOT NULL,
	"note" text NOT NULL,
	"timestamp_token" "bytea" NOT NULL,
	"signed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vault_counter" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"size" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "vault_counter_one_row" CHECK ("vault_counter"."id" = 1),
	CONSTRAINT "vault_counter_size" CHECK ("vault_counter"."size" >= 0)
);
--> statement-breakpoint
CREATE TABLE "vault_entries" (
	"leaf_index" bigint PRIMARY KEY NOT NULL,
	"entry" "bytea" NOT NULL,
	"leaf_hash" "bytea" NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"appended_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vault_nodes" (
	"height" smallint NOT NULL,
	"node_index" bigint NOT NULL,
	"hash" "bytea" NOT NULL,
	CONSTRAINT "vault_nodes_height_node_index_pk" PRIMARY KEY("height","node_index")
);
--> statement-breakpoint
CREATE TABLE "vault_publisher_lease" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "vault_publisher_lease_one_row" CHECK ("vault_publisher_lease"."id" = 1)
);
--> statement-breakpoint
CREATE INDEX "vault_entries_code_idx" ON "vault_entries" USING btree ("code","leaf_index");--> statement-breakpoint
ALTER TABLE "vault_entries" ADD CONSTRAINT "vault_entries_sizes" CHECK (octet_length("leaf_hash") = 32 AND octet_length("entry") <= 65535);--> statement-breakpoint
ALTER TABLE "vault_nodes" ADD CONSTRAINT "vault_nodes_hash" CHECK (octet_length("hash") = 32 AND "height" > 0 AND "height" % 8 = 0);--> statement-breakpoint
INSERT INTO "vault_counter" ("id", "size") VALUES (1, 0);--> statement-breakpoint
-- The evidence vault is append-only, whoever writes: the portal, a script, a hand in psql. A
-- superuser can still disable these triggers; `tremplin-vault verify` then finds the change
-- against the signed checkpoints (docs/vault.md).
CREATE FUNCTION "vault_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'evidence vault: % on % refused (append-only)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER "vault_entries_append_only" BEFORE UPDATE OR DELETE ON "vault_entries"
  FOR EACH ROW EXECUTE FUNCTION "vault_append_only"();--> statement-breakpoint
CREATE TRIGGER "vault_entries_no_truncate" BEFORE TRUNCATE ON "vault_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "vault_append_only"();--> statement-breakpoint
CREATE TRIGGER "vault_nodes_append_only" BEFORE UPDATE OR DELETE ON "vault_nodes"
  FOR EACH ROW EXECUTE FUNCTION "vault_append_only"();--> statement-breakpoint
CREATE TRIGGER "vault_nodes_no_truncate" BEFORE TRUNCATE ON "vault_nodes"
  FOR EACH STATEMENT EXECUTE FUNCTION "vault_append_only"();--> statement-breakpoint
CREATE TRIGGER "vault_checkpoints_append_only" BEFORE UPDATE OR DELETE ON "vault_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION "vault_append_only"();--> statement-breakpoint
CREATE TRIGGER "vault_checkpoints_no_truncate" BEFORE TRUNCATE ON "vault_checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION "vault_append_only"();--> statement-breakpoint
-- The counter only grows, and its one row stays.
CREATE FUNCTION "vault_counter_grows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW."size" < OLD."size" OR NEW."id" <> OLD."id" THEN
    RAISE EXCEPTION 'evidence vault: the log size never goes back' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "vault_counter_grows" BEFORE UPDATE OR DELETE ON "vault_counter"
  FOR EACH ROW EXECUTE FUNCTION "vault_counter_grows"();
