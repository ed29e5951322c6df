import { bigint, customType, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";
import { enrolments } from "./training";

const bytea = customType<{ data: Uint8Array }>({ dataType: () => "bytea" });

export const certificates = pgTable(
  "certificates",
  {
    id: id(),
    enrolmentId: uuid("enrolment_id")
      .notNull()
      .references(() => enrolments.id),
    /** Short public code printed on the PDF and its QR: what `/verify/:code` looks up. */
    code: text("code").notNull(),
    kind: text("kind", { enum: ["completion", "attendance"] }).notNull(),
    issuedAt: at("issued_at").notNull(),
    pdfSha256: text("pdf_sha256").notNull(),
    blobKey: text("blob_key").notNull(),
    timestampToken: bytea("timestamp_token"),
    revokedAt: at("revoked_at"),
    revokedReason: text("revoked_reason"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("certificates_code_uq").on(t.code),
    index("certificates_enrolment_idx").on(t.enrolmentId),
  ],
);

/** The evidence vault: an append-only Merkle log. `leafIndex` is the position in the tree. */
export const vaultEntries = pgTable("vault_entries", {
  leafIndex: bigint("leaf_index", { mode: "number" }).primaryKey(),
  certificateId: uuid("certificate_id").references(() => certificates.id),
  leafHash: text("leaf_hash").notNull(),
  appendedAt: at("appended_at").notNull().defaultNow(),
});

export const vaultTreeHeads = pgTable("vault_tree_heads", {
  treeSize: bigint("tree_size", { mode: "number" }).primaryKey(),
  rootHash: text("root_hash").notNull(),
  signature: text("signature").notNull(),
  signedAt: at("signed_at").notNull(),
});
