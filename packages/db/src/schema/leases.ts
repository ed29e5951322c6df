import { pgTable, text } from "drizzle-orm/pg-core";
import { at } from "./columns";

/**
 * Work that one portal process at a time may do, whichever instance runs it: a row per kind
 * (`vault-publisher`: signing checkpoints; `masters-store`: collecting the masters store's
 * garbage, or making an uploaded version visible). Taken and renewed by one statement
 * (queries/leases.ts); a holder that dies frees it when `expires_at` passes.
 */
export const leases = pgTable("leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: at("expires_at").notNull(),
});
