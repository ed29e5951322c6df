import { sql } from "drizzle-orm";
import { bigint, check, customType, index, pgTable, primaryKey, smallint, text } from "drizzle-orm/pg-core";
import { at } from "./columns";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  // node-postgres gives a Buffer, PGlite a Uint8Array: one type for both.
  fromDriver: (value) => new Uint8Array(value),
});

/**
 * The evidence vault's leaves (C2SP tlog-tiles, RFC 6962 hashing): each entry's canonical bytes
 * and SHA-256(0x00 ‖ entry). Append-only: triggers refuse UPDATE, DELETE and TRUNCATE.
 */
export const vaultEntries = pgTable(
  "vault_entries",
  {
    leafIndex: bigint("leaf_index", { mode: "number" }).primaryKey(),
    entry: bytea("entry").notNull(),
    leafHash: bytea("leaf_hash").notNull(),
    /** Copied out of the entry to find a certificate's entries without reading them all. */
    kind: text("kind", { enum: ["issued", "reissued", "revoked", "purged"] }).notNull(),
    code: text("code").notNull(),
    appendedAt: at("appended_at").notNull().defaultNow(),
  },
  (t) => [index("vault_entries_code_idx").on(t.code, t.leafIndex)],
);

/**
 * The hashes of tlog-tiles' upper levels, stored as each fills: the node at `height` (8, 16…)
 * and `nodeIndex` is the root of leaves [nodeIndex·2^height, (nodeIndex+1)·2^height). With the
 * leaf hashes, any tile or proof reads at most 255 hashes per level. Append-only.
 */
export const vaultNodes = pgTable(
  "vault_nodes",
  {
    height: smallint("height").notNull(),
    nodeIndex: bigint("node_index", { mode: "number" }).notNull(),
    hash: bytea("hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.height, t.nodeIndex] })],
);

/**
 * The log's size: one row, locked by each append until its transaction ends, so leaf indices
 * are handed out in commit order without gaps whatever the number of appenders.
 */
export const vaultCounter = pgTable(
  "vault_counter",
  {
    id: smallint("id").primaryKey().default(1),
    size: bigint("size", { mode: "number" }).notNull().default(0),
  },
  (t) => [check("vault_counter_one_row", sql`${t.id} = 1`), check("vault_counter_size", sql`${t.size} >= 0`)],
);

/** Signed checkpoints (C2SP signed note) with their RFC 3161 token over SHA-256 of the note. Append-only. */
export const vaultCheckpoints = pgTable("vault_checkpoints", {
  treeSize: bigint("tree_size", { mode: "number" }).primaryKey(),
  rootHash: bytea("root_hash").notNull(),
  note: text("note").notNull(),
  timestampToken: bytea("timestamp_token").notNull(),
  /** The signer's clock when it signed: a later checkpoint never carries an earlier time. */
  signedAt: at("signed_at").notNull(),
});
