DROP TABLE "vault_entries" CASCADE;--> statement-breakpoint
DROP TABLE "vault_tree_heads" CASCADE;