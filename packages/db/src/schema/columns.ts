import { timestamp, uuid } from "drizzle-orm/pg-core";

/** Primary keys are random UUIDs so that kiosks, imports and several portal instances never collide. */
export const id = () => uuid("id").primaryKey().defaultRandom();
export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
export const at = (name: string) => timestamp(name, { withTimezone: true });
